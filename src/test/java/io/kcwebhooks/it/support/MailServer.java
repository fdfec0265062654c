package io.kcwebhooks.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SMTP server on loopback that accepts every message and keeps it: enough of RFC 5321 for
 * Keycloak's mail sender without TLS or authentication.
 */
public final class MailServer implements AutoCloseable {

  /** One message as received: the envelope's recipients and the raw data. */
  public record Mail(List<String> recipients, String data) {}

  private final ServerSocket socket;
  private final List<Mail> received = new CopyOnWriteArrayList<>();

  public MailServer() throws IOException {
    socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptAll, "test-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  public List<Mail> received() {
    return List.copyOf(received);
  }

  private void acceptAll() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        converse(client);
      } catch (IOException e) {
        // A client that went away, or the server closing: wait for the next one.
      }
    }
  }

  private void converse(Socket client) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    OutputStream out = client.getOutputStream();
    reply(out, "220 localhost test SMTP");
    List<String> recipients = new CopyOnWriteArrayList<>();
    String line;
    while ((line = in.readLine()) != null) {
      String command = line.toUpperCase(Locale.ROOT);
      if (command.startsWith("EHLO") || command.startsWith("HELO")) {
        reply(out, "250 localhost");
      } else if (command.startsWith("RCPT TO:")) {
        recipients.add(line.substring(8).trim().replaceAll("[<>]", ""));
        reply(out, "250 OK");
      } else if (command.equals("DATA")) {
        reply(out, "354 end with <CRLF>.<CRLF>");
        received.add(new Mail(List.copyOf(recipients), data(in)));
        recipients.clear();
        reply(out, "250 OK");
      } else if (command.equals("QUIT")) {
        reply(out, "221 bye");
        return;
      } else {
        reply(out, "250 OK");
      }
    }
  }

  private static String data(BufferedReader in) throws IOException {
    StringBuilder data = new StringBuilder();
    String line;
    while ((line = in.readLine()) != null && !line.equals(".")) {
      data.append(line.startsWith("..") ? line.substring(1) : line).append('\n');
    }
    return data.toString();
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
