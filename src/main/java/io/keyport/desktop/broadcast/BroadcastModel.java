package io.keyport.desktop.broadcast;

import io.keyport.api.Channel;
import io.keyport.api.Message;
import io.keyport.api.NewChannel;
import io.keyport.api.NewMessage;
import io.keyport.api.Problem;
import io.keyport.api.Rules;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The broadcast composer's state, without controls: the token's fitness, the channels to pick from,
 * the new channel's title and description, the broadcast's subject, text and link with their
 * counters and problems (api's {@link Rules}, the same the server applies), what was sent, and the
 * channel's recent broadcasts.
 */
public final class BroadcastModel {
  public static final String PUBLIC_MESSAGES = "public_messages";
  static final String MESSAGES = "messages";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault());

  private final StringProperty scopeProblem = new SimpleStringProperty();
  private final ObservableList<Channel> channels = FXCollections.observableArrayList();
  private final ObjectProperty<Channel> channel = new SimpleObjectProperty<>();
  private final StringProperty title = new SimpleStringProperty("");
  private final StringProperty description = new SimpleStringProperty("");
  private final StringProperty subject = new SimpleStringProperty("");
  private final StringProperty text = new SimpleStringProperty("");
  private final StringProperty link = new SimpleStringProperty("");
  private final BooleanProperty working = new SimpleBooleanProperty();
  private final ObjectProperty<Message> sent = new SimpleObjectProperty<>();
  private final ObservableList<Message> recent = FXCollections.observableArrayList();
  private final StringBinding subjectCount = counter(subject, Rules.SUBJECT_MAX);
  private final StringBinding textCount = counter(text, Rules.MESSAGE_TEXT_MAX);
  private final StringBinding subjectProblem =
      problem(subject, () -> blankIsFine(subject, Rules.subject("subject", subject.get())));
  private final StringBinding textProblem =
      problem(text, () -> Rules.messageText(text.get(), true));
  private final StringBinding linkProblem =
      problem(
          link,
          () -> link.get().isBlank() ? Optional.empty() : Rules.link("link", link.get().strip()));
  private final StringBinding titleProblem =
      problem(title, () -> blankIsFine(title, Rules.channelTitle("title", title.get())));
  private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading", true);
  private final BooleanBinding scopeMissing = scopeProblem.isNotNull();
  private final BooleanBinding composing = scopeProblem.isNull().and(loading.not());
  private final BooleanBinding sentShown = sent.isNotNull();
  private final BooleanBinding canSend;
  private final BooleanBinding canCreate;

  public BroadcastModel() {
    canSend =
        Bindings.createBooleanBinding(
            () ->
                channel.get() != null
                    && !working.get()
                    && scopeProblem.get() == null
                    && Rules.subject("subject", subject.get().strip()).isEmpty()
                    && textProblem.get() == null
                    && linkProblem.get() == null,
            channel,
            working,
            scopeProblem,
            subject,
            textProblem,
            linkProblem);
    canCreate =
        Bindings.createBooleanBinding(
            () ->
                !working.get()
                    && scopeProblem.get() == null
                    && Rules.channelTitle("title", title.get().strip()).isEmpty()
                    && Rules.channelDescription("description", description.get().strip()).isEmpty(),
            working,
            scopeProblem,
            title,
            description);
  }

  /** True while the token and the channels are being read: a spinner shows, the composer not. */
  public BooleanProperty loadingProperty() {
    return loading;
  }

  public boolean isLoading() {
    return loading.get();
  }

  /** True while the token lacks the scope to broadcast: the explanation shows instead. */
  public BooleanBinding scopeMissingProperty() {
    return scopeMissing;
  }

  public boolean isScopeMissing() {
    return scopeMissing.get();
  }

  /** True once loaded with a token that may broadcast: the composer shows. */
  public BooleanBinding composingProperty() {
    return composing;
  }

  public boolean isComposing() {
    return composing.get();
  }

  /** True once a broadcast was sent: its card shows. */
  public BooleanBinding sentShownProperty() {
    return sentShown;
  }

  public boolean isSentShown() {
    return sentShown.get();
  }

  /**
   * Whether a token with these scopes may broadcast: {@code public_messages}, or {@code messages}
   * which covers it; otherwise a plain explanation of what is missing.
   */
  public static Optional<String> scopeProblem(List<String> scopes, String appName) {
    if (scopes.contains(PUBLIC_MESSAGES) || scopes.contains(MESSAGES)) {
      return Optional.empty();
    }
    return Optional.of(
        "Your token for "
            + appName
            + " cannot send broadcasts: it was generated without the "
            + "public_messages scope (it has "
            + String.join(", ", scopes)
            + "). Generate a new token with "
            + "public_messages; the current one stops working then.");
  }

  public void tokenScopes(List<String> scopes, String appName) {
    scopeProblem.set(scopeProblem(scopes, appName).orElse(null));
  }

  /** Shows {@code mine}'s broadcast channels and picks {@code preferred} (by id) or the newest. */
  public void showChannels(List<Channel> mine, String preferredId) {
    List<Channel> broadcast =
        mine.stream().filter(c -> Channel.BROADCAST.equals(c.type())).toList();
    channels.setAll(broadcast);
    Channel pick =
        broadcast.stream()
            .filter(c -> c.id().equals(preferredId))
            .findFirst()
            .orElse(broadcast.isEmpty() ? null : broadcast.get(0));
    channel.set(pick);
  }

  /** Adds a channel just created, and picks it. */
  public void created(Channel made) {
    channels.add(0, made);
    channel.set(made);
    title.set("");
    description.set("");
  }

  /** The broadcast to send, as typed (subject and link trimmed). */
  public NewMessage message() {
    String l = link.get().strip();
    return NewMessage.broadcast(subject.get().strip(), text.get(), l.isEmpty() ? null : l);
  }

  public NewChannel newChannel() {
    return NewChannel.broadcast(title.get().strip(), description.get().strip());
  }

  /** A broadcast went out: it shows as the card, heads the recent list, and the form empties. */
  public void sent(Message message) {
    sent.set(message);
    recent.add(0, message);
    subject.set("");
    text.set("");
    link.set("");
  }

  public static String sentBy(Message message) {
    return "sent by " + (message.source() == null ? "an unknown app" : message.source().name());
  }

  public static String when(Message message) {
    return message.createdAt() == null ? "" : TIME.format(message.createdAt());
  }

  /** How a channel shows in the picker: its title, else its id. */
  public static String label(Channel c) {
    return c == null
        ? ""
        : (c.title() == null ? "Channel " + c.id() : c.title()) + "  (#" + c.id() + ")";
  }

  private static StringBinding counter(StringProperty value, int max) {
    return Bindings.createStringBinding(
        () -> value.get().codePointCount(0, value.get().length()) + " / " + max, value);
  }

  /** A required field not yet typed into is not an error yet. */
  private static Optional<Problem> blankIsFine(StringProperty value, Optional<Problem> problem) {
    return value.get().isEmpty() ? Optional.empty() : problem;
  }

  private static StringBinding problem(StringProperty value, Supplier<Optional<Problem>> rule) {
    return Bindings.createStringBinding(() -> rule.get().map(Problem::message).orElse(null), value);
  }

  public StringProperty scopeProblemProperty() {
    return scopeProblem;
  }

  public ObservableList<Channel> channels() {
    return channels;
  }

  public ObjectProperty<Channel> channelProperty() {
    return channel;
  }

  public StringProperty titleProperty() {
    return title;
  }

  public StringProperty descriptionProperty() {
    return description;
  }

  public StringProperty subjectProperty() {
    return subject;
  }

  public StringProperty textProperty() {
    return text;
  }

  public StringProperty linkProperty() {
    return link;
  }

  public BooleanProperty workingProperty() {
    return working;
  }

  public ObjectProperty<Message> sentProperty() {
    return sent;
  }

  public ObservableList<Message> recent() {
    return recent;
  }

  public StringBinding subjectCount() {
    return subjectCount;
  }

  public StringBinding textCount() {
    return textCount;
  }

  public StringBinding subjectProblem() {
    return subjectProblem;
  }

  public StringBinding textProblem() {
    return textProblem;
  }

  public StringBinding linkProblem() {
    return linkProblem;
  }

  public StringBinding titleProblem() {
    return titleProblem;
  }

  public BooleanBinding canSend() {
    return canSend;
  }

  public BooleanBinding canCreate() {
    return canCreate;
  }
}
