package org.quartier.esnode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Starts one Elasticsearch node on 127.0.0.1 and keeps it running until the
 * process is stopped (SIGTERM closes the node cleanly).
 *
 * Arguments: HOME_DIR [HTTP_PORT [TRANSPORT_PORT]]. Data and logs go below
 * HOME_DIR; the caller chooses a temporary folder.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Main HOME_DIR [HTTP_PORT [TRANSPORT_PORT]]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String httpPort = args.length > 1 ? args[1] : "9200";
        String transportPort = args.length > 2 ? args[2] : "9300";
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "quartier-dev")
            .put("node.name", "quartier-dev-node")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .put("action.destructive_requires_name", "false")
            // A development machine's disk may be fuller than production's thresholds.
            .put("cluster.routing.allocation.disk.threshold_enabled", "false")
            .build();

        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName("quartier-dev-node");
        LogConfigurator.setClusterName("quartier-dev");
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings,
            Map.of(),
            home.resolve("config"),
            () -> "quartier-dev-node"
        );
        LogConfigurator.configureWithoutConfig(environment.settings());

        Node node = new ClasspathNode(environment, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, RootInfoPlugin.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "quartier-node-shutdown"));
        node.start();
        System.out.println("Elasticsearch node started on http://127.0.0.1:" + httpPort);
        stopped.await();
    }
}
