package clientapps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.hsqldb.server.Server;

/**
 * HSQLDB's server ({@code org.hsqldb.server.Server}, HSQL protocol: one listener thread, one thread per
 * connection) on 127.0.0.1 and a free port, serving an in-memory database; then
 * {@link ServerLoad#jdbcClients}, each on its own JDBC connection, calling {@code WORK(i)}: a Java
 * routine ({@link #work}) that HSQLDB runs inside the server, on the connection's thread, and that
 * blocks (it sleeps). The server is silent (no log or error writer, no {@code System.exit}) and HSQLDB
 * is told not to reconfigure java.util.logging.
 *
 * <p>Usage: {@code HsqldbServer <clients> <sleepMillis>}. Prints the clients' answers and {@code done};
 * exits 1 unless every client got its answer.
 */
public final class HsqldbServer {
    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        ServerLoad.sleepMillis(Long.parseLong(args[1]));
        System.setProperty("hsqldb.reconfig_logging", "false");
        System.setProperty("hsqldb.method_class_names", "clientapps.*");
        ServerLoad.quietLogging();
        int port = freePort();
        Server server = new Server();
        // First: until then the server logs every setter call, with the caller's thread, to stdout.
        server.setLogWriter(null);
        server.setErrWriter(null);
        server.setSilent(true);
        server.setTrace(false);
        server.setNoSystemExit(true);
        server.setAddress("127.0.0.1");
        server.setPort(port);
        server.setDatabaseName(0, "compat");
        server.setDatabasePath(0, "mem:compat");
        server.start();
        boolean ok;
        try {
            String url = "jdbc:hsqldb:hsql://127.0.0.1:" + port + "/compat";
            try (Connection c = DriverManager.getConnection(url, "SA", ""); Statement s = c.createStatement()) {
                s.execute("CREATE FUNCTION WORK(I INT) RETURNS VARCHAR(100) LANGUAGE JAVA DETERMINISTIC NO SQL"
                        + " EXTERNAL NAME 'CLASSPATH:clientapps.HsqldbServer.work'");
            }
            ok = ServerLoad.jdbcClients(url, "SA", "", "CALL WORK(?)", clients);
        } finally {
            server.shutdown();
        }
        System.out.println("done");
        if (!ok) {
            System.exit(1);
        }
    }

    /** HSQLDB takes a port number, not 0: a port the kernel just gave out and that was closed again. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The SQL function {@code WORK(i)}: runs in the server; answers {@code ok /work/<i>}. */
    public static String work(int i) {
        return ServerLoad.handle(String.format("/work/%02d", i));
    }
}
