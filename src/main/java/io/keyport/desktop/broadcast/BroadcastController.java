package io.keyport.desktop.broadcast;

import io.keyport.api.App;
import io.keyport.api.Channel;
import io.keyport.api.Message;
import io.keyport.api.PageRequest;
import io.keyport.api.Secret;
import io.keyport.api.Token;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.FieldError;
import io.keyport.desktop.fx.Links;
import io.keyport.desktop.fx.Styles;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Session;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultKey;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.util.StringConverter;

/**
 * UX.md step 9, "Send a broadcast": the composer. It sends with the app's token as the keychain
 * keeps it — never the desktop's own sign-in token — so a broadcast shows as sent by the app. A
 * token without {@code public_messages} (or {@code messages}) gets a plain explanation and a way to
 * generate one with it.
 */
public final class BroadcastController {
  public static final String WINDOW_TITLE = "Send a broadcast";
  private static final int RECENT = 10;

  private final DesktopState state;
  private final Tasks tasks;
  private final Vault vault;
  private final Links links;
  private final BroadcastModel model = new BroadcastModel();
  private KeyportClient client;
  private Runnable askForScope = () -> {};

  @FXML private Label heading;
  @FXML private Label scopeMessage;
  @FXML private ComboBox<Channel> channelBox;
  @FXML private TextField titleField;
  @FXML private TextField descriptionField;
  @FXML private Button createChannelButton;
  @FXML private Label titleError;
  @FXML private TextField subjectField;
  @FXML private Label subjectCount;
  @FXML private Label subjectError;
  @FXML private TextArea textArea;
  @FXML private Label textCount;
  @FXML private Label textError;
  @FXML private TextField linkField;
  @FXML private Label linkError;
  @FXML private Button sendButton;
  @FXML private Label statusLine;
  @FXML private Label cardSubject;
  @FXML private Label cardText;
  @FXML private Label cardSentBy;
  @FXML private Label cardTime;
  @FXML private Hyperlink cardUrl;
  @FXML private ListView<Message> recentList;

  public BroadcastController(DesktopState state, Tasks tasks, Vault vault, Links links) {
    this.state = state;
    this.tasks = tasks;
    this.vault = vault;
    this.links = links;
  }

  /** The composer's state, for the FXML's bindings. */
  public BroadcastModel getModel() {
    return model;
  }

  @FXML
  void initialize() {
    titleField.textProperty().bindBidirectional(model.titleProperty());
    descriptionField.textProperty().bindBidirectional(model.descriptionProperty());
    subjectField.textProperty().bindBidirectional(model.subjectProperty());
    textArea.textProperty().bindBidirectional(model.textProperty());
    linkField.textProperty().bindBidirectional(model.linkProperty());
    subjectCount.textProperty().bind(model.subjectCount());
    textCount.textProperty().bind(model.textCount());
    FieldError.bind(subjectError, subjectField, model.subjectProblem());
    FieldError.bind(textError, textArea, model.textProblem());
    FieldError.bind(linkError, linkField, model.linkProblem());
    FieldError.bind(titleError, titleField, model.titleProblem());
    FieldError.bind(scopeMessage, model.scopeProblemProperty());
    sendButton.disableProperty().bind(model.canSend().not());
    createChannelButton.disableProperty().bind(model.canCreate().not());
    bindShown(statusLine, statusLine.textProperty().isNotEmpty());
    bindShown(cardText, cardText.textProperty().isNotEmpty());

    channelBox.setItems(model.channels());
    channelBox.valueProperty().bindBidirectional(model.channelProperty());
    channelBox.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(Channel channel) {
            return BroadcastModel.label(channel);
          }

          @Override
          public Channel fromString(String text) {
            throw new UnsupportedOperationException();
          }
        });
    model.channelProperty().addListener((obs, old, now) -> loadRecent(now));
    recentList.setItems(model.recent());
    recentList.setPlaceholder(new Label("No broadcasts in this channel yet."));
    recentList.setCellFactory(
        list ->
            new ListCell<>() {
              @Override
              protected void updateItem(Message item, boolean empty) {
                super.updateItem(item, empty);
                setText(
                    empty || item == null
                        ? null
                        : item.subject()
                            + " — "
                            + BroadcastModel.sentBy(item)
                            + ", "
                            + BroadcastModel.when(item));
              }
            });
    model.sentProperty().addListener((obs, old, now) -> showCard(now));
  }

  /**
   * Reads the app's token from the keychain, asks the server what it may do, and lists the user's
   * broadcast channels; all in the background. {@code askForScope}: opens the scope checklist with
   * {@code public_messages} checked (this window closes first).
   */
  public void start(App app, VaultKey key, Runnable askForScope) {
    this.askForScope = askForScope;
    heading.setText("Send a broadcast from " + app.name());
    Session session = state.session();
    model.loadingProperty().set(true);
    tasks
        .run(
            () -> {
              Secret token =
                  vault
                      .read(key)
                      .orElseThrow(
                          () ->
                              new KeychainUnavailableException(
                                  vault.keychainName()
                                      + " no longer holds this app's token. Generate a new one."));
              KeyportClient withToken = session.client().withToken(token);
              Token described = withToken.currentToken();
              boolean fit = BroadcastModel.scopeProblem(described.scopes(), app.name()).isEmpty();
              List<Channel> mine =
                  fit
                      ? withToken.myChannels(PageRequest.first(PageRequest.MAX_COUNT)).items()
                      : List.of();
              return new Loaded(withToken, described, mine);
            })
        .onSuccess(
            loaded -> {
              client = loaded.client();
              model.tokenScopes(loaded.token().scopes(), app.name());
              model.showChannels(loaded.channels(), null);
            })
        .onError(error -> status("Cannot start: " + Failures.describe(error), false))
        .andFinally(() -> model.loadingProperty().set(false))
        .start();
  }

  private record Loaded(KeyportClient client, Token token, List<Channel> channels) {}

  @FXML
  void createChannel() {
    if (client == null || !model.canCreate().get()) {
      return;
    }
    KeyportClient c = client;
    var request = model.newChannel();
    whileWorking(
        createChannelButton,
        () -> c.createChannel(request),
        made -> {
          model.created(made);
          status("Created the channel " + made.title() + ".", true);
          subjectField.requestFocus();
        },
        "Could not create the channel: ");
  }

  @FXML
  void send() {
    Channel channel = model.channelProperty().get();
    if (client == null || channel == null || !model.canSend().get()) {
      return;
    }
    KeyportClient c = client;
    var message = model.message();
    whileWorking(
        sendButton,
        () -> c.sendMessage(channel.id(), message),
        sent -> {
          model.sent(sent);
          status("", true);
        },
        "Not sent: ");
  }

  /** Runs {@code work} in the background with {@code button} busy and the composer working. */
  private <T> void whileWorking(Button button, Callable<T> work, Consumer<T> done, String failed) {
    Busy busy = Busy.on(button);
    model.workingProperty().set(true);
    tasks
        .run(work)
        .onSuccess(done)
        .onError(error -> status(failed + Failures.describe(error), false))
        .andFinally(
            () -> {
              model.workingProperty().set(false);
              busy.done();
            })
        .start();
  }

  @FXML
  void generateWithScope() {
    close();
    askForScope.run();
  }

  @FXML
  void openCardUrl() {
    links.open(cardUrl.getText());
  }

  private void loadRecent(Channel channel) {
    KeyportClient c = client;
    if (channel == null || c == null) {
      model.recent().clear();
      return;
    }
    tasks
        .run(() -> c.messages(channel.id(), PageRequest.first(RECENT)).items())
        .onSuccess(
            messages -> {
              if (channel.equals(model.channelProperty().get())) {
                model.recent().setAll(messages);
              }
            })
        .onError(
            error ->
                status("Cannot list the channel's broadcasts: " + Failures.describe(error), false))
        .start();
  }

  private void showCard(Message message) {
    if (message == null) {
      return;
    }
    cardSubject.setText(message.subject());
    cardText.setText(message.text() == null ? "" : message.text());
    cardSentBy.setText(BroadcastModel.sentBy(message));
    cardTime.setText(BroadcastModel.when(message));
    cardUrl.setText(client.publicMessagesUrl(message.channelId()).toString());
  }

  private void status(String message, boolean good) {
    statusLine.setText(message);
    statusLine.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
    statusLine.getStyleClass().add(good ? Styles.SUCCESS : Styles.DANGER);
  }

  private void close() {
    if (heading.getScene() != null && heading.getScene().getWindow() instanceof Stage stage) {
      stage.close();
    }
  }

  private static void bindShown(Node node, ObservableValue<Boolean> shown) {
    node.visibleProperty().bind(shown);
    node.managedProperty().bind(node.visibleProperty());
  }
}
