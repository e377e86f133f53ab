package clientapps;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Tomcat 11 embedded: the default HTTP/1.1 connector (NIO, its default pool of up to 200 request
 * threads) on 127.0.0.1 and a free port, one servlet whose {@code doGet} blocks (it sleeps); then
 * {@link ServerLoad#httpClients} against it. The base directory is a temporary one, removed at the end.
 *
 * <p>Usage: {@code TomcatServer <clients> <sleepMillis>}. Prints the clients' answers and {@code done};
 * exits 1 unless every client got its answer.
 */
public final class TomcatServer {
    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        ServerLoad.sleepMillis(Long.parseLong(args[1]));
        ServerLoad.quietLogging();
        Path base = Files.createTempDirectory("tomcat-compat");
        boolean ok;
        try {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            Connector connector = new Connector("HTTP/1.1");
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", null);
            Tomcat.addServlet(context, "work", new WorkServlet());
            context.addServletMappingDecoded("/work/*", "work");
            tomcat.start();
            try {
                ok = ServerLoad.httpClients(connector.getLocalPort(), clients);
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        } finally {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println("done");
        if (!ok) {
            System.exit(1);
        }
    }

    static final class WorkServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String body = ServerLoad.handle(request.getRequestURI());
            response.setContentType("text/plain; charset=utf-8");
            response.getWriter().print(body);
        }
    }
}
