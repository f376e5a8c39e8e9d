package org.backsync.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ResourceTrendTest {
    @Test
    void aSeriesThatWobblesAroundOneLevelIsFlat() {
        ResourceTrend testSubject = new ResourceTrend("fds", List.of(40L, 42L, 41L, 43L, 40L, 42L, 41L, 40L, 43L), 5);

        assertThat(testSubject.problem()).isEmpty();
        assertThat(testSubject.firstThirdMedian()).isEqualTo(41);
        assertThat(testSubject.lastThirdMedian()).isEqualTo(41);
    }

    @Test
    void aLastThirdAboveTheFirstByMoreThanTheBoundIsGrowth() {
        ResourceTrend testSubject = new ResourceTrend("fds", List.of(40L, 41L, 40L, 45L, 44L, 46L, 52L, 50L, 51L), 5);

        assertThat(testSubject.problem()).contains("last-third median 51 exceeds first-third median 40");
    }

    @Test
    void aSteadyRiseIsGrowthEvenWithinTheBound() {
        ResourceTrend testSubject = new ResourceTrend(
                "heap", LongStream.rangeClosed(1, 12).map(i -> 100 + i).boxed().toList(), 10);

        assertThat(testSubject.problem()).contains("rose at every sample");
    }

    @Test
    void tooFewSamplesCannotBeJudged() {
        assertThat(new ResourceTrend("heap", List.of(1L, 2L, 3L), 10).problem()).contains("too few");
    }
}
