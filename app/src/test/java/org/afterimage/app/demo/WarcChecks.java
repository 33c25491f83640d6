package org.afterimage.app.demo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.afterimage.model.Capture;
import org.afterimage.model.WarcRef;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

/** What a crawler left on disk, checked against what it published: every file reads to its end, every reference resolves. */
final class WarcChecks {
    /**
     * @param problems files that do not read to their end, references that do not resolve to their record
     */
    record Report(long files, long emptyFiles, long records, long refs, List<String> problems) {
    }

    private WarcChecks() {
    }

    static Report check(Path warcDir, List<Capture> captures) throws IOException {
        List<String> problems = new ArrayList<>();
        long records = 0;
        long files = 0;
        long emptyFiles = 0;
        try (Stream<Path> list = Files.list(warcDir)) {
            for (Path f : list.sorted().toList()) {
                files++;
                if (Files.size(f) == 0) emptyFiles++;
                try (WarcReader r = new WarcReader(FileChannel.open(f))) {
                    for (WarcRecord rec : r) {
                        rec.body().consume();
                        records++;
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(f.getFileName() + ": " + e);
                }
            }
        }
        long refs = 0;
        for (Capture c : captures) {
            WarcRef ref = c.warc();
            if (ref == null) continue;
            refs++;
            try (FileChannel ch = FileChannel.open(warcDir.resolve(ref.file()))) {
                ch.position(ref.offset());
                WarcRecord rec = new WarcReader(ch).next().orElseThrow(() -> new IOException("no record"));
                if (!rec.id().toString().equals(ref.recordId())) problems.add(ref + ": record " + rec.id());
            } catch (IOException | RuntimeException e) {
                problems.add(ref + ": " + e);
            }
        }
        return new Report(files, emptyFiles, records, refs, problems);
    }
}
