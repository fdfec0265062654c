package io.kcwebhooks.it.support;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver that misbehaves at the HTTP level, on a raw socket: the request path chooses the
 * {@link Mode}. Hostile answers are generated as they are written, never held in memory, so a
 * receiver of hundreds of megabytes costs this process nothing. Counts the requests per {@code
 * webhook-id}.
 */
public final class HostileReceiver implements AutoCloseable {

  /** The ways to answer; the lower-case name, with dashes, is the request path. */
  public enum Mode {
    /** 200, then one header line of 400 MB. */
    HUGE_HEADER_LINE,
    /** 200, then five million header lines. */
    MANY_HEADERS,
    /** 500 with a chunked body that never ends. */
    ENDLESS_BODY,
    /** 500 with a short body holding NUL bytes and bytes that are not UTF-8. */
    NUL_AND_INVALID_UTF8,
    /** A well-formed 200, one byte per second. */
    TRICKLE,
    /** Reads the request and never answers. */
    SILENT,
    /** An ordinary 204 at once. */
    HEALTHY;

    public String path() {
      return "/" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Mode of(String path) {
      return Arrays.stream(values()).filter(m -> m.path().equals(path)).findFirst().orElseThrow();
    }
  }

  /** The body of {@link Mode#NUL_AND_INVALID_UTF8}. */
  public static final byte[] BROKEN_BODY = {
    'b',
    'r',
    'o',
    'k',
    'e',
    'n',
    0,
    'b',
    'o',
    'd',
    'y',
    ' ',
    (byte) 0xFF,
    (byte) 0xFE,
    (byte) 0xC3,
    '(',
    0,
    0,
    '.'
  };

  private static final long HUGE_HEADER_BYTES = 400L * 1024 * 1024;
  private static final int MANY_HEADERS = 5_000_000;

  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> requestsPerId = new ConcurrentHashMap<>();

  private HostileReceiver() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(this::acceptLoop, "hostile-receiver");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static HostileReceiver start() throws IOException {
    return new HostileReceiver();
  }

  public String url(Mode mode) {
    return "http://127.0.0.1:" + server.getLocalPort() + mode.path();
  }

  /** How many requests came with this {@code webhook-id}. */
  public int requests(String webhookId) {
    AtomicInteger count = requestsPerId.get(webhookId);
    return count == null ? 0 : count.get();
  }

  /** Connections from clients that are still open. */
  public int openConnections() {
    return open.size();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        Thread connection = new Thread(() -> serve(socket), "hostile-connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Answers requests on one connection until an answer ends it or the client goes away. */
  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      Request request;
      while ((request = Request.read(in)) != null) {
        if (request.webhookId != null) {
          requestsPerId
              .computeIfAbsent(request.webhookId, id -> new AtomicInteger())
              .incrementAndGet();
        }
        if (!answer(Mode.of(request.path), in, out)) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // The client gave up or aborted: what a hostile answer expects.
    } finally {
      open.remove(socket);
    }
  }

  /** Writes the answer; true when the connection can take another request. */
  private static boolean answer(Mode mode, InputStream in, OutputStream out) throws IOException {
    switch (mode) {
      case HUGE_HEADER_LINE -> {
        write(out, "HTTP/1.1 200 OK\r\nX-Huge: ");
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'a');
        for (long sent = 0; sent < HUGE_HEADER_BYTES; sent += block.length) {
          out.write(block);
        }
        write(out, "\r\nContent-Length: 0\r\n\r\n");
      }
      case MANY_HEADERS -> {
        write(out, "HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < MANY_HEADERS; i++) {
          write(out, "X-Header-" + i + ": x\r\n");
        }
        write(out, "Content-Length: 0\r\n\r\n");
      }
      case ENDLESS_BODY -> {
        write(out, "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n");
        byte[] chunk =
            ("2000\r\n" + "z".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        while (true) {
          out.write(chunk);
        }
      }
      case NUL_AND_INVALID_UTF8 -> {
        write(
            out,
            "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: "
                + BROKEN_BODY.length
                + "\r\n\r\n");
        out.write(BROKEN_BODY);
        out.flush();
        return true;
      }
      case TRICKLE -> {
        for (byte b :
            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) {
          out.write(b);
          out.flush();
          pause(1000);
        }
      }
      case SILENT -> {
        while (in.read() != -1) {
          // holds the connection open until the client closes it
        }
      }
      case HEALTHY -> {
        write(out, "HTTP/1.1 204 No Content\r\n\r\n");
        out.flush();
        return true;
      }
    }
    out.flush();
    return false;
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // nothing left to release
    }
    open.forEach(
        socket -> {
          try {
            socket.close();
          } catch (IOException e) {
            // already gone
          }
        });
  }

  /** The parts of a request this receiver needs; the body is read and dropped. */
  private record Request(String path, String webhookId) {

    static Request read(InputStream in) throws IOException {
      String requestLine = line(in);
      if (requestLine == null) {
        return null;
      }
      String webhookId = null;
      int length = 0;
      for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        if (name.equals("webhook-id")) {
          webhookId = value;
        } else if (name.equals("content-length")) {
          length = Integer.parseInt(value);
        }
      }
      in.readNBytes(length);
      return new Request(requestLine.split(" ")[1], webhookId);
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        if (b != '\r') {
          line.write(b);
        }
      }
      return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }
  }
}
