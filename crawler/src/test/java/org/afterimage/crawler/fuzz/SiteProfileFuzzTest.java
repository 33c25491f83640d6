package org.afterimage.crawler.fuzz;

import org.afterimage.testkit.fuzz.Bounded;
import org.afterimage.testkit.fuzz.Mutation;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.html.SiteProfile;

/**
 * Site profiles (the generic HTML adapter's YAML): a mutated profile loads or fails with an {@link IOException} that
 * says what is wrong; a profile that loads, however odd its selectors, drives the adapter within its contract.
 */
class SiteProfileFuzzTest {
    private static final Path PROFILE = Corpus.resource("fuzz/seeds/html/profile.yaml");
    private static final Path PAGE = Corpus.resource("fuzz/seeds/html/forum.html");

    @Property
    void mutatedProfilesLoadOrSayWhy(@ForAll("edits") List<Mutation> edits) throws IOException {
        byte[] seed = Files.readAllBytes(PROFILE);
        Path p = Files.createTempFile("profile", ".yaml");
        try {
            Files.write(p, Mutation.apply(seed, edits, List.of(seed)));
            Bounded.Outcome<SiteProfile> o = Bounded.call("SiteProfile.load", () -> SiteProfile.load(p));
            if (o.thrown() != null) {
                if (!(o.thrown() instanceof IOException e)) throw new AssertionError("undocumented exception " + o.thrown(), o.thrown());
                assertThat(e.getMessage()).isNotBlank();
                return;
            }
            AdapterContract.holds("html", Adapters.html(o.value()), Response.saved("https://forum.example/latest", 200, Files.readAllBytes(PAGE)));
        } finally {
            Files.deleteIfExists(p);
        }
    }

    /** Found by the property above: these read as a null profile, and the adapter failed later with a bare NPE. */
    @net.jqwik.api.Example
    void anEmptyProfileIsRefusedWithAMessage() throws IOException {
        for (String empty : List.of("", "~", "# only a comment\n", "---\n", "null")) {
            Path p = Files.createTempFile("profile", ".yaml");
            try {
                Files.writeString(p, empty);
                Bounded.Outcome<SiteProfile> o = Bounded.call("SiteProfile.load", () -> SiteProfile.load(p));
                assertThat(o.thrown()).as(empty).isInstanceOf(IOException.class).hasMessageContaining("bad site profile");
            } finally {
                Files.deleteIfExists(p);
            }
        }
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return Mutation.lists();
    }
}
