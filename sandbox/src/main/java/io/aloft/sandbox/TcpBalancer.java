package io.aloft.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a Kubernetes Service does for replicas of admin, at the TCP level: each new connection goes to the next backend
 * port (round robin) that accepts it, so a killed replica's clients reconnect to the survivor. Connections are
 * spliced byte for byte (gRPC over HTTP/2 plain text passes through untouched), and when either side closes the other
 * is closed too, so a client sees its replica die as a dropped connection, as it would through kube-proxy.
 */
final class TcpBalancer implements AutoCloseable {
  private final ServerSocket server;
  private final List<Integer> backends;
  private final AtomicInteger next = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  TcpBalancer(int port, List<Integer> backends) throws IOException {
    this.backends = List.copyOf(backends);
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    Thread.ofVirtual().name("tcp-balancer-" + port).start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread.ofVirtual().start(() -> connect(client));
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void connect(Socket client) {
    int first = Math.floorMod(next.getAndIncrement(), backends.size());
    for (int i = 0; i < backends.size(); i++) {
      int port = backends.get((first + i) % backends.size());
      Socket backend = new Socket();
      try {
        backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      } catch (IOException e) {
        closeQuietly(backend);
        continue; // that replica is down: try the next one
      }
      open.add(client);
      open.add(backend);
      Thread.ofVirtual().start(() -> pipe(client, backend));
      Thread.ofVirtual().start(() -> pipe(backend, client));
      return;
    }
    closeQuietly(client); // no replica up: the client sees a refused connection and retries
  }

  private void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      byte[] buf = new byte[16 * 1024];
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away; the finally below closes both
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(this::closeQuietly);
  }
}
