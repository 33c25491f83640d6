package org.afterimage.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

    @Test
    void diffsWholeWords() {
        assertThat(WordDiff.diff("a quick brown fox", "a slow brown fox")).containsExactly(
                new DiffSegment(Op.EQUAL, "a "), new DiffSegment(Op.DELETE, "quick"), new DiffSegment(Op.INSERT, "slow"),
                new DiffSegment(Op.EQUAL, " brown fox"));
    }

    @Test
    void cjkCharactersAreTokensOfTheirOwn() {
        List<DiffSegment> d = WordDiff.diff("今天天气很好", "今天天气不好");
        assertThat(d).containsExactly(new DiffSegment(Op.EQUAL, "今天天气"), new DiffSegment(Op.DELETE, "很"),
                new DiffSegment(Op.INSERT, "不"), new DiffSegment(Op.EQUAL, "好"));
    }

    @Test
    void segmentsRebuildBothTexts() {
        String a = "The city council met on Tuesday. 会议讨论了预算。Votes: 5-2.";
        String b = "The council met on Wednesday! 会议讨论了新预算。Votes: 4-3.";
        List<DiffSegment> d = WordDiff.diff(a, b);
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        for (DiffSegment s : d) {
            if (s.op() != Op.INSERT) before.append(s.text());
            if (s.op() != Op.DELETE) after.append(s.text());
        }
        assertThat(before.toString()).isEqualTo(a);
        assertThat(after.toString()).isEqualTo(b);
    }

    @Test
    void emptyAndHugeInputsDoNotBlowUp() {
        assertThat(WordDiff.diff("", "")).isEmpty();
        assertThat(WordDiff.diff("", "new")).containsExactly(new DiffSegment(Op.INSERT, "new"));
        String huge = "w ".repeat(30_000);
        List<DiffSegment> d = WordDiff.diff(huge, huge + "x");
        assertThat(d).extracting(DiffSegment::op).containsExactly(Op.DELETE, Op.INSERT);
    }
}
