package green.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * A real server for one test class: started before its tests, stopped after them. When it cannot
 * be started (its binary is missing) every test is skipped, one by one, with the reason: an abort
 * in {@code @BeforeAll} would show as "0 tests run" instead.
 *
 * <p>Used as {@code @RegisterExtension static final ServerExtension pg = new ServerExtension(LocalServer::postgres);}.
 */
final class ServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** Starts the server, or throws {@link TestAbortedException} saying why it cannot. */
    interface Starter {
        LocalServer start() throws Exception;
    }

    private final Starter starter;
    private LocalServer server;
    private String unavailable;

    ServerExtension(Starter starter) {
        this.starter = starter;
    }

    /** The running server. */
    LocalServer server() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        try {
            server = starter.start();
        } catch (TestAbortedException e) {
            unavailable = e.getMessage();
            System.err.println("[skipped] " + unavailable);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(unavailable == null, unavailable);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
