package io.keyport.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Naming the program that holds a port, from /proc; empty wherever it cannot be told. */
class PortOwnerTest {
  @Test
  void readsTheListeningSocketsInodeFromTheTcpTable() {
    List<String> table =
        List.of(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid "
                + " timeout inode",
            "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 "
                + "       0 4242 1 0000000000000000 100 0 0 10 0",
            "   1: 0100007F:1F40 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000 "
                + "       0 777 1 0000000000000000 100 0 0 10 0");
    assertThat(PortOwner.listening(table, 8000)).containsExactly("4242");
    assertThat(PortOwner.listening(table, 8001)).isEmpty();
  }

  @Test
  void findsThisProcessHoldingAPortOnLinux() throws Exception {
    if (!Files.isReadable(Path.of("/proc/net/tcp"))) {
      return; // not Linux: the message simply says "another program"
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(PortOwner.of(s.getLocalPort()))
          .hasValueSatisfying(
              v -> assertThat(v).endsWith("(process " + ProcessHandle.current().pid() + ")"));
    }
  }

  @Test
  void isEmptyWithoutProc(@TempDir Path empty) {
    assertThat(new PortOwner(empty).find(8000)).isEmpty();
  }
}
