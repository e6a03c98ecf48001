package io.keyport.desktop.fx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.util.Callback;

/** Loads an FXML view with controllers made by the desktop's controller factory. */
public final class Views {
  private final Callback<Class<?>, Object> controllers;

  public Views(Callback<Class<?>, Object> controllers) {
    this.controllers = controllers;
  }

  /**
   * Loads {@code fxml}, a path relative to the controller class's package, e.g. {@code apps.fxml}.
   */
  public <C> Loaded<C> load(Class<C> controllerType, String fxml) {
    URL url = controllerType.getResource(fxml);
    if (url == null) {
      throw new IllegalStateException("No view " + fxml + " beside " + controllerType.getName());
    }
    FXMLLoader loader = new FXMLLoader(url);
    loader.setControllerFactory(controllers);
    try {
      Parent root = loader.load();
      return new Loaded<>(root, controllerType.cast(loader.getController()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load the view " + fxml, e);
    }
  }

  /** A loaded view: its root node and controller. */
  public record Loaded<C>(Parent root, C controller) {}
}
