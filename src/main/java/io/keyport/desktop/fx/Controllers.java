package io.keyport.desktop.fx;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.util.Callback;

/**
 * The controller factory handed to every {@code FXMLLoader}: builds a controller through its one
 * public constructor, passing each parameter from the collaborators registered here by type. A new
 * controller needs no change here as long as it asks only for registered collaborators.
 */
public final class Controllers implements Callback<Class<?>, Object> {
  private final Map<Class<?>, Object> collaborators = new LinkedHashMap<>();

  public <T> Controllers register(Class<T> type, T instance) {
    collaborators.put(type, instance);
    return this;
  }

  public <T> T get(Class<T> type) {
    Object found = collaborators.get(type);
    if (found == null) {
      throw new IllegalStateException(
          "No collaborator of type " + type.getName() + " is registered");
    }
    return type.cast(found);
  }

  @Override
  public Object call(Class<?> type) {
    Constructor<?>[] constructors = type.getConstructors();
    if (constructors.length != 1) {
      throw new IllegalStateException(type.getName() + " must have exactly one public constructor");
    }
    Constructor<?> constructor = constructors[0];
    Class<?>[] parameters = constructor.getParameterTypes();
    Object[] args = new Object[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      args[i] = get(parameters[i]);
    }
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Cannot create " + type.getName(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create " + type.getName(), e);
    }
  }
}
