/**
 * Plain blocking client programs (pgjdbc, HikariCP, Jedis, Apache HttpClient 5, the JDK HttpClient,
 * HttpURLConnection) that know nothing of green; the it-tests run each as a child JVM with and without
 * {@code -javaagent:green.jar}. Deterministic stdout; timing and thread names only through
 * {@code demo.Report}'s side channel.
 *
 * <p>Not under {@code green.}: the agent never rewrites classes in packages starting with {@code green}
 * (they are its own), so a program there would not be patched at all.
 */
package clientapps;
