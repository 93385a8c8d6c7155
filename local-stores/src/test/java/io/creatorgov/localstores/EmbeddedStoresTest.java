package io.creatorgov.localstores;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the stores the way the run command does — as a separate process, as an unprivileged user
 * when the build runs as root (PostgreSQL refuses root) — and talks to them over TCP.
 */
class EmbeddedStoresTest {
  @TempDir Path work;
  private Process running;
  private String classpath;

  @AfterEach
  void stop() throws Exception {
    if (running != null && running.isAlive()) {
      running.destroy();
      running.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void startsRealServersAndKeepsTheDatabasesAcrossARestart() throws Exception {
    Path data = shared(work.resolve("data"));
    int pgPort = freePort();
    int redisPort = freePort();

    List<String> firstLog = startStores(data, pgPort, redisPort);
    assertThat(firstLog).anyMatch(line -> line.contains("created database cg_local_a"));
    try (Connection db = connect(pgPort, "cg_local_a");
        Statement sql = db.createStatement()) {
      sql.execute("CREATE TABLE kept (note TEXT)");
      sql.execute("INSERT INTO kept VALUES ('survives a restart')");
    }
    assertThat(redis(redisPort, "PING")).isEqualTo("+PONG");
    stopStores();

    List<String> secondLog = startStores(data, pgPort, redisPort);
    assertThat(secondLog).noneMatch(line -> line.contains("created database"));
    try (Connection db = connect(pgPort, "cg_local_a");
        Statement sql = db.createStatement();
        ResultSet rows = sql.executeQuery("SELECT note FROM kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("survives a restart");
    }
    try (Connection db = connect(pgPort, "cg_local_b")) {
      assertThat(db.isValid(5)).isTrue();
    }
    assertThat(redis(redisPort, "PING")).isEqualTo("+PONG");
  }

  @Test
  void refusesAnUnknownOptionAndAMissingDataDirectory() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EmbeddedStores.StoreSettings.parse(List.of("--pg-port", "5432")))
        .hasMessageContaining("--data");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EmbeddedStores.StoreSettings.parse(List.of("--data", "x", "--colour", "red")))
        .hasMessageContaining("--colour");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EmbeddedStores.StoreSettings.parse(List.of("--data", "x", "--databases", "a;b")))
        .hasMessageContaining("not a database name");
  }

  private List<String> startStores(Path data, int pgPort, int redisPort) throws Exception {
    Files.deleteIfExists(data.resolve("ready"));
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", "nobody", "--"));
    }
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx192m",
            "-Djava.io.tmpdir=" + shared(work.resolve("tmp")),
            "-cp",
            readableClasspath(),
            EmbeddedStores.class.getName(),
            "--data",
            data.toString(),
            "--pg-port",
            Integer.toString(pgPort),
            "--redis-port",
            Integer.toString(redisPort),
            "--databases",
            "cg_local_a,cg_local_b"));
    running = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> log = new ArrayList<>();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      log.add(line);
      if (line.startsWith("embedded stores ready")) {
        Thread drain = new Thread(() -> drain(out));
        drain.setDaemon(true);
        drain.start();
        return log;
      }
    }
    throw new AssertionError("the stores did not start:\n" + String.join("\n", log));
  }

  /** Reads the rest of the output (so the process never blocks on a full pipe) until it exits. */
  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // only the start-up lines are looked at
      }
    } catch (IOException closed) {
      // the process was stopped
    }
  }

  private void stopStores() throws Exception {
    running.destroy();
    assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  private static Connection connect(int port, String database) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
  }

  private static String redis(int port, String command) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  /** The test's classpath copied where an unprivileged user can read it. */
  private String readableClasspath() throws IOException {
    if (classpath == null) {
      classpath = copyClasspath();
    }
    return classpath;
  }

  private String copyClasspath() throws IOException {
    Path libraries = shared(work.resolve("classpath"));
    List<String> entries = new ArrayList<>();
    int index = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path source = Path.of(entry);
      if (Files.isRegularFile(source)) {
        Path copy = libraries.resolve(index++ + "-" + source.getFileName());
        Files.copy(source, copy);
        entries.add(copy.toString());
      } else if (Files.isDirectory(source)) {
        Path copy = libraries.resolve(index++ + "-classes");
        copyTree(source, copy);
        entries.add(copy.toString());
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  /** A directory every user may use (the temporary directory's parent is made passable too). */
  private Path shared(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    return directory;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
