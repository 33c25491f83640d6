package org.afterimage.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@link BulkSink} over the typed client: external versions, item failures classified by status. */
public final class EsBulkSink implements BulkSink {
    private final ElasticsearchClient es;

    public EsBulkSink(ElasticsearchClient es) {
        this.es = es;
    }

    @Override
    public Outcome write(List<IndexOp> ops) throws IOException {
        BulkRequest.Builder b = new BulkRequest.Builder();
        for (IndexOp op : ops) {
            switch (op) {
                case IndexOp.Upsert u -> b.operations(o -> o.index(i -> i.index(u.index()).id(u.id())
                        .version(u.version()).versionType(VersionType.External).document(u.doc())));
                case IndexOp.Delete d -> b.operations(o -> o.delete(x -> x.index(d.index()).id(d.id())));
            }
        }
        BulkResponse resp;
        try {
            resp = es.bulk(b.build());
        } catch (ElasticsearchException e) {
            // a whole-request refusal (429, 503 while the node starts): transient
            throw new IOException("bulk refused: HTTP " + e.status() + " " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the transport wraps connection failures in runtime exceptions in some paths
            throw new IOException("bulk failed: " + e, e);
        }
        List<Result> results = new ArrayList<>(ops.size());
        List<String> errors = new ArrayList<>();
        for (BulkResponseItem item : resp.items()) {
            results.add(classify(item, errors));
        }
        if (results.size() != ops.size()) throw new IOException("bulk answered " + results.size() + " items for " + ops.size());
        return new Outcome(results, errors);
    }

    static Result classify(BulkResponseItem item, List<String> errors) {
        int status = item.status();
        if (item.error() == null) return Result.DONE;          // includes 404 not_found on delete
        if (status == 409) return Result.DONE;                  // version conflict: we hold this version or newer
        String msg = item.id() + ": " + item.error().type() + " " + item.error().reason();
        errors.add(msg);
        if (status == 429 || status >= 500) return Result.RETRY;
        return Result.REJECTED;
    }
}
