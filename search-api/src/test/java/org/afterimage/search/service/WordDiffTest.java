package org.afterimage.search.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.afterimage.model.DiffSegment;
import org.afterimage.model.DiffSegment.Op;
import org.junit.jupiter.api.Test;

class WordDiffTest {
    private static String side(List<DiffSegment> d, Op skip) {
        StringBuilder sb = new StringBuilder();
        d.stream().filter(s -> s.op() != skip).forEach(s -> sb.append(s.text()));
        return sb.toString();
    }

    @Test
    void diffsEnglishByWord() {
        // the real X edit in fixtures/twitter-v2 (edited_before / edited_after) changes a few words like this
        String a = "i miss y'all so much haha";
        String b = "i miss you all so much";
        List<DiffSegment> d = WordDiff.diff(a, b);
        assertThat(side(d, Op.INSERT)).isEqualTo(a);
        assertThat(side(d, Op.DELETE)).isEqualTo(b);
        assertThat(d).contains(new DiffSegment(Op.EQUAL, "i miss "));
        assertThat(d.stream().filter(s -> s.op() == Op.DELETE).map(DiffSegment::text)).anyMatch(t -> t.contains("haha"));
    }

    @Test
    void diffsChineseByCharacter() {
        String a = "「幹部年輕化」是中國執政新軌道";
        String b = "「幹部年輕化」是中國執政舊軌道";
        List<DiffSegment> d = WordDiff.diff(a, b);
        assertThat(d).containsExactly(new DiffSegment(Op.EQUAL, "「幹部年輕化」是中國執政"),
                new DiffSegment(Op.DELETE, "新"), new DiffSegment(Op.INSERT, "舊"), new DiffSegment(Op.EQUAL, "軌道"));
    }

    @Test
    void identicalAndEmpty() {
        assertThat(WordDiff.diff("same", "same")).containsExactly(new DiffSegment(Op.EQUAL, "same"));
        assertThat(WordDiff.diff("", "new")).containsExactly(new DiffSegment(Op.INSERT, "new"));
        assertThat(WordDiff.diff("", "")).isEmpty();
    }

    @Test
    void hugeInputDegradesToReplaceInsteadOfQuadraticWork() {
        String a = "a ".repeat(15_000);
        String b = "b ".repeat(15_000);
        List<DiffSegment> d = WordDiff.diff(a, b);
        assertThat(d).containsExactly(new DiffSegment(Op.DELETE, a), new DiffSegment(Op.INSERT, b));
    }
}
