package org.afterimage.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.URI;

/**
 * The Jackson mapper for Elasticsearch documents and API responses (ISO instants, nulls left out), and the one
 * place an Elasticsearch client is built. Lenient on read (documents are ours), unlike the model's strict mapper.
 */
public final class DocJson {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private DocJson() {
    }

    /**
     * A client for {@code url}. Uses cluster health, never {@code info()}/{@code ping()}: the core builds answer
     * {@code GET /} with 405 (recipes). Basic authentication when {@code ELASTICSEARCH_USERNAME} and
     * {@code ELASTICSEARCH_PASSWORD} are set (a cluster with security on, such as ECK's default).
     */
    public static ElasticsearchClient client(String url) {
        return client(url, System.getenv("ELASTICSEARCH_USERNAME"), System.getenv("ELASTICSEARCH_PASSWORD"));
    }

    static ElasticsearchClient client(String url, String username, String password) {
        URI uri = URI.create(url);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("Elasticsearch URL must be http(s)://host:port, got '" + url + "'");
        }
        boolean auth = username != null && !username.isBlank() && password != null;
        return ElasticsearchClient.of(b -> {
            b.host(url).jsonMapper(new JacksonJsonpMapper(MAPPER));
            if (auth) b.usernameAndPassword(username, password);
            return b;
        });
    }
}
