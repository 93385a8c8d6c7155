package io.creatorgov.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy that makes its target slow: every byte the target sends back reaches the
 * client {@link #delay(Duration) delay} later (requests pass at once, so the target still does the
 * work; only its answers are late, as with an overloaded peer or a congested link). Order and
 * throughput are kept: each chunk is stamped when read and written when due. A delay change applies
 * to what the target sends from then on.
 */
final class LatencyProxy implements AutoCloseable {
  private record Chunk(long dueNanos, byte[] bytes) {}

  private static final Chunk END = new Chunk(0, new byte[0]);

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile long delayNanos;

  LatencyProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    daemon(this::acceptLoop, "latency-proxy-" + port());
  }

  int port() {
    return server.getLocalPort();
  }

  /**
   * The target's answers arrive {@code delay} late from now on ({@link Duration#ZERO}: at once).
   */
  void delay(Duration delay) {
    delayNanos = delay.toNanos();
  }

  /** Connections currently open through the proxy (client side). */
  int openConnections() {
    return sockets.size() / 2;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        daemon(() -> pump(client, upstream), "latency-proxy-request");
        BlockingQueue<Chunk> late = new LinkedBlockingQueue<>();
        daemon(() -> stamp(upstream, client, late), "latency-proxy-answer-read");
        daemon(() -> deliverWhenDue(late, upstream, client), "latency-proxy-answer-write");
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  /** Client to target, at once. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // connection closed
    } finally {
      closeBoth(from, to);
    }
  }

  /** Target to client, first step: each chunk read is stamped with when it may go on. */
  private void stamp(Socket from, Socket to, BlockingQueue<Chunk> late) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        late.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
      }
    } catch (IOException ignored) {
      // connection closed
    } finally {
      late.add(END);
    }
  }

  /** Target to client, second step: each chunk written when due, in order. */
  private void deliverWhenDue(BlockingQueue<Chunk> late, Socket from, Socket to) {
    try (OutputStream out = to.getOutputStream()) {
      for (Chunk chunk = late.take(); chunk != END; chunk = late.take()) {
        long wait = chunk.dueNanos() - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        out.write(chunk.bytes());
        out.flush();
      }
    } catch (IOException | InterruptedException ignored) {
      // connection closed
    } finally {
      closeBoth(from, to);
    }
  }

  private void closeBoth(Socket a, Socket b) {
    closeQuietly(a);
    closeQuietly(b);
    sockets.remove(a);
    sockets.remove(b);
  }

  private static void daemon(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
