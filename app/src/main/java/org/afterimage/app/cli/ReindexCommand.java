package org.afterimage.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.afterimage.app.config.AfterimageYaml;
import org.afterimage.model.kafka.Topics;
import org.afterimage.search.Reindex;
import org.afterimage.search.SearchConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code afterimage reindex}: rebuild the Elasticsearch indices from the topics with this build's mappings and swap
 * the aliases (Kafka is the system of record; readers see no downtime).
 */
@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = "Rebuild the search indices from the Kafka topics and swap the aliases (external engines).")
public final class ReindexCommand implements Callable<Integer> {
    @Option(names = "--config", description = "afterimage.yaml (default: ./afterimage.yaml when present).")
    Path config;

    @Option(names = "--delete-old", description = "Delete the previous indices after the swap.")
    boolean deleteOld;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "Give up after this long (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        String es = System.getenv("ELASTICSEARCH_URL");
        if (kafka == null || es == null) {
            System.err.println("afterimage reindex: set KAFKA_BOOTSTRAP_SERVERS and ELASTICSEARCH_URL (the engines to rebuild from and into)");
            return 2;
        }
        SearchConfig search = AfterimageYaml.load(Optional.ofNullable(config)).bind("searchApi", SearchConfig::fromYaml);
        Reindex.Result r = Reindex.run(search, Topics.DEFAULT, kafka, es, deleteOld, timeout, System.out);
        System.out.println("reindexed " + r.documents() + " documents into " + r.postsIndex() + " and " + r.eventsIndex());
        return 0;
    }
}
