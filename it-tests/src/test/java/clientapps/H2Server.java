package clientapps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.h2.tools.Server;

/**
 * H2's TCP server ({@code Server.createTcpServer}: one listener thread, one thread per connection) on
 * 127.0.0.1 ({@code h2.bindAddress}) and a free port, serving an in-memory database; then
 * {@link ServerLoad#jdbcClients}, each on its own JDBC connection, calling {@code WORK(i)}: a Java
 * function alias ({@link #work}) that H2 runs inside the server, on the connection's thread, and that
 * blocks (it sleeps; H2 has no SQL sleep function).
 *
 * <p>Usage: {@code H2Server <clients> <sleepMillis>}. Prints the clients' answers and {@code done};
 * exits 1 unless every client got its answer.
 */
public final class H2Server {
    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        ServerLoad.sleepMillis(Long.parseLong(args[1]));
        ServerLoad.quietLogging();
        System.setProperty("h2.bindAddress", "127.0.0.1");
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        boolean ok;
        try {
            String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:compat;DB_CLOSE_DELAY=-1";
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                s.execute("CREATE ALIAS WORK FOR 'clientapps.H2Server.work'");
            }
            ok = ServerLoad.jdbcClients(url, "sa", "", "SELECT WORK(?)", clients);
        } finally {
            server.stop();
        }
        System.out.println("done");
        if (!ok) {
            System.exit(1);
        }
    }

    /** The SQL function {@code WORK(i)}: runs in the server; answers {@code ok /work/<i>}. */
    public static String work(int i) {
        return ServerLoad.handle(String.format("/work/%02d", i));
    }
}
