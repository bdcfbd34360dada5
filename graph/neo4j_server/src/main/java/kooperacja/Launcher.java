package kooperacja;

import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Starts an embedded Neo4j Community DBMS with only the Bolt connector enabled.
 *
 * <p>Usage: {@code java -Xmx512m -cp ... kooperacja.Launcher <homeDir> <port>}
 *
 * <p>Environment:
 * <ul>
 *   <li>{@code KOOPERACJA_NEO4J_PASSWORD} (required): password set for user {@code neo4j}.
 *   <li>{@code KOOPERACJA_NEO4J_PAGECACHE_MB} (optional, default 256): page cache size.
 *   <li>{@code KOOPERACJA_NEO4J_PARENT_PID} (optional): exit when this process dies.
 * </ul>
 *
 * <p>Prints {@code KOOPERACJA-NEO4J READY bolt://127.0.0.1:PORT} once Bolt accepts logins.
 * SIGTERM/SIGINT trigger a clean {@code managementService.shutdown()} via a shutdown hook.
 */
public final class Launcher {
    private static final String HOST = "127.0.0.1";

    private Launcher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: kooperacja.Launcher <homeDir> <port>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv("KOOPERACJA_NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("KOOPERACJA-NEO4J FAILED: KOOPERACJA_NEO4J_PASSWORD is not set");
            System.exit(2);
        }
        long pageCacheMb = Long.parseLong(envOr("KOOPERACJA_NEO4J_PAGECACHE_MB", "256"));

        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(new Log4jLogProvider(System.out))
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    // Netty's default 5 s quiet period (x2 event loop groups) makes shutdown slow.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .build();
        } catch (Throwable t) {
            System.err.println("KOOPERACJA-NEO4J FAILED: " + t);
            t.printStackTrace();
            System.exit(1);
            return;
        }
        final DatabaseManagementService service = dbms;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("KOOPERACJA-NEO4J STOPPING");
            System.out.flush();
            service.shutdown();
            System.out.println("KOOPERACJA-NEO4J STOPPED");
            System.out.flush();
        }, "kooperacja-neo4j-shutdown"));

        try {
            setPassword(service, password);
        } catch (Throwable t) {
            System.err.println("KOOPERACJA-NEO4J FAILED: cannot set password: " + t);
            t.printStackTrace();
            System.exit(1);
        }
        watchParent();
        System.out.println("KOOPERACJA-NEO4J READY bolt://" + HOST + ":" + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Sets the password of user neo4j on the system database (full privileges in-process). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // Restart on an existing data dir with the same password: Neo4j refuses a no-op change.
            String msg = String.valueOf(e.getMessage()) + " " + e.getCause();
            if (!msg.contains("cannot be the same")) {
                throw e;
            }
        }
    }

    /** Exits (running the shutdown hook) when the parent process given by env var dies. */
    private static void watchParent() {
        String parent = System.getenv("KOOPERACJA_NEO4J_PARENT_PID");
        if (parent == null || parent.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parent.trim())).ifPresentOrElse(
                ph -> ph.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
