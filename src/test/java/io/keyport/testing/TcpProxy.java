package io.keyport.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback, for tests that break the network between a server and its database:
 * {@link Link#dropSilently} stops forwarding one connection for good without closing it (what a NAT
 * or load balancer dropping an idle flow does), {@link #stall} stops forwarding every connection,
 * new ones included, until {@link #resume}, and {@link #refuse} closes them all and every new one
 * (the database is down).
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private volatile boolean stalled;
  private volatile boolean refusing;
  private volatile boolean closed;

  private TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "tcp-proxy-accept-" + listener.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  /** A proxy forwarding to {@code host:port}. */
  public static TcpProxy to(String host, int port) {
    try {
      return new TcpProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The connections made through the proxy, oldest first (closed ones included). */
  public List<Link> links() {
    return List.copyOf(links);
  }

  /**
   * The connection whose proxy-to-target side has this local port (what the target sees as the
   * client's port).
   */
  public Link linkWithUpstreamPort(int port) {
    return links.stream()
        .filter(l -> l.upstream.getLocalPort() == port)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no connection through the proxy from port " + port));
  }

  /** Stops forwarding anything, on every connection and every new one, closing nothing. */
  public void stall() {
    stalled = true;
  }

  /** Forwards again what {@link #stall} held (dropped connections stay dropped). */
  public void resume() {
    synchronized (lock) {
      stalled = false;
      refusing = false;
      lock.notifyAll();
    }
  }

  /** Closes every connection and, until {@link #resume}, every new one at once. */
  public void refuse() {
    refusing = true;
    for (Link link : links) {
      link.close();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (refusing) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        Link link = new Link(client, upstream);
        links.add(link);
        link.start();
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  /** One connection through the proxy. */
  public final class Link {
    private final Socket client;
    private final Socket upstream;
    private volatile boolean dropped;

    private Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    private void start() throws IOException {
      pump(client.getInputStream(), upstream.getOutputStream(), "up");
      pump(upstream.getInputStream(), client.getOutputStream(), "down");
    }

    public int upstreamPort() {
      return upstream.getLocalPort();
    }

    /** Never forwards another byte either way, and never closes: both ends think it is open. */
    public void dropSilently() {
      dropped = true;
    }

    private void pump(InputStream in, OutputStream out, String way) {
      Thread t =
          new Thread(
              () -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                  int n;
                  while ((n = in.read(buffer)) >= 0) {
                    awaitForwarding();
                    if (closed) {
                      break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                } catch (IOException | InterruptedException e) {
                  // one side closed, or the proxy did
                }
                if (!dropped) {
                  close();
                }
              },
              "tcp-proxy-" + way + "-" + client.getPort());
      t.setDaemon(true);
      t.start();
    }

    private void awaitForwarding() throws InterruptedException {
      synchronized (lock) {
        while ((stalled || dropped) && !closed) {
          lock.wait(100);
        }
      }
    }

    private void close() {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    resume();
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Link link : links) {
      link.close();
    }
  }
}
