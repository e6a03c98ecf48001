package io.keyport.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader and writer of settings.json: the settings and the team server share the file. */
class SettingsStoreTest {
  @TempDir Path config;

  @Test
  void theTeamServerAndTheSettingsKeepEachOtherAndFieldsOthersWrote() throws Exception {
    Files.writeString(config.resolve(SettingsStore.FILE_NAME), "{\"somethingElse\": 7}");
    SettingsStore store = SettingsStore.in(config);

    store.setTeamServer(Optional.of(URI.create("https://team.example.com")));
    assertThat(store.teamServer()).contains(URI.create("https://team.example.com"));
    assertThat(store.load().teamServerUrl()).isEqualTo("https://team.example.com");

    store.save(new Settings.Values(12, 9, Settings.Theme.DARK, "https://team.example.com"));
    store.setTeamServer(Optional.empty());
    assertThat(store.teamServer()).isEmpty();
    assertThat(store.load()).isEqualTo(new Settings.Values(12, 9, Settings.Theme.DARK, ""));
    assertThat(Files.readString(config.resolve(SettingsStore.FILE_NAME)))
        .contains("\"somethingElse\" : 7")
        .contains("\"teamServerUrl\" : null");
    try (var files = Files.list(config)) {
      assertThat(files).as("no temporary file left behind").hasSize(1);
    }
  }

  @Test
  void anUnreadableFileMeansNoTeamServerAndTheDefaults() throws Exception {
    Files.writeString(config.resolve(SettingsStore.FILE_NAME), "{not json");
    SettingsStore store = SettingsStore.in(config);

    assertThat(store.teamServer()).isEmpty();
    assertThat(store.load()).isEqualTo(Settings.Values.defaults());
  }

  @Test
  void inMemoryTheTeamServerIsPartOfTheSettings() throws Exception {
    SettingsStore store = SettingsStore.inMemory();

    store.setTeamServer(Optional.of(URI.create("https://team.example.com")));
    assertThat(store.teamServer()).contains(URI.create("https://team.example.com"));
    assertThat(store.load().teamServerUrl()).isEqualTo("https://team.example.com");
    store.save(Settings.Values.defaults());
    assertThat(store.teamServer()).isEmpty();
    assertThat(store.file()).isNull();
  }
}
