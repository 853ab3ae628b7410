package io.argus.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A run's plan from the listing and the last catalog, and the catalog's own format. */
class BatchPlanTest {
    private static final String TEN = "2026-11-25T10:00:00Z";
    private static final String ELEVEN = "2026-11-25T11:00:00Z";

    private static Catalog catalog(String text) throws IOException {
        return Catalog.read(new BufferedReader(new StringReader(text)));
    }

    private static MetadataObject object(String key, String etag) {
        return new MetadataObject(key, etag, 100);
    }

    @Test
    void withoutACatalogEverythingIsCountedInOnePass() throws IOException {
        BatchPlan plan = BatchPlan.of(List.of(object("m/a.json", "1"), object("m/b.json", "1")), catalog(""));
        assertThat(plan.mode()).isEqualTo(BatchPlan.Mode.FULL);
        assertThat(plan.mode().text()).isEqualTo("full");
        assertThat(plan.changed()).extracting(MetadataObject::key).containsExactlyInAnyOrder("m/a.json", "m/b.json");
        assertThat(plan.touched()).isEmpty();
    }

    @Test
    void nothingNewChangedOrGoneIsUnchanged() throws IOException {
        BatchPlan plan = BatchPlan.of(List.of(object("m/a.json", "1")), catalog("m/a.json\t1\t" + TEN + "\n"));
        assertThat(plan.mode()).isEqualTo(BatchPlan.Mode.UNCHANGED);
        assertThat(plan.mode().text()).isEqualTo("unchanged");
        assertThat(plan.changed()).isEmpty();
        assertThat(plan.deleted()).isEmpty();
    }

    @Test
    void changedAndGoneObjectsTouchTheirOldBucketsAndNewOnesWaitForTheCatalogPass() throws IOException {
        Catalog known = catalog("m/same.json\t1\t" + TEN + "\n"
                + "m/changed.json\t1\t" + TEN + "\n"
                + "m/gone.json\t1\t" + ELEVEN + "\n"
                + "m/malformed.json\t1\t\n");
        BatchPlan plan = BatchPlan.of(List.of(object("m/same.json", "1"), object("m/changed.json", "2"),
                object("m/new.json", "1"), object("m/malformed.json", "2")), known);
        assertThat(plan.mode()).isEqualTo(BatchPlan.Mode.INCREMENTAL);
        assertThat(plan.changed()).extracting(MetadataObject::key)
                .containsExactlyInAnyOrder("m/changed.json", "m/new.json", "m/malformed.json");
        assertThat(plan.deleted()).containsExactly("m/gone.json");
        assertThat(plan.touched()).as("a malformed object was in no bucket").containsExactly(TEN, ELEVEN);
    }

    @Test
    void whenEveryKnownObjectIsGoneTheRunCountsAfresh() throws IOException {
        BatchPlan plan = BatchPlan.of(List.of(object("m/new.json", "1")), catalog("m/gone.json\t1\t" + TEN + "\n"));
        assertThat(plan.mode()).isEqualTo(BatchPlan.Mode.FULL);
        assertThat(plan.deleted()).containsExactly("m/gone.json");
        assertThat(plan.touched()).containsExactly(TEN);
    }

    @Test
    void theCountPassReadsEveryObjectOfTheTouchedBuckets() throws IOException {
        Catalog known = catalog("m/a.json\t1\t" + TEN + "\nm/b.json\t1\t" + ELEVEN + "\nm/c.json\t1\t\n");
        List<MetadataObject> listed = List.of(object("m/a.json", "1"), object("m/b.json", "1"),
                object("m/c.json", "1"), object("m/unknown.json", "1"));
        assertThat(BatchPlan.inBuckets(listed, known, Set.of(TEN))).extracting(MetadataObject::key)
                .containsExactly("m/a.json");
        assertThat(BatchPlan.inBuckets(listed, known, Set.of(TEN, ELEVEN))).hasSize(2);
    }

    @Test
    void theCatalogReadsWhatItWritesAndRefusesALineItCannotRead() throws IOException {
        Catalog known = catalog("m/a.json\t\"e1\"\t" + TEN + "\nm/bad.json\t\"e2\"\t\n");
        Catalog again = catalog(known.text());
        assertThat(again.entries()).isEqualTo(known.entries());
        assertThat(again.get("m/bad.json")).contains(new Catalog.Entry("\"e2\"", ""));
        assertThatThrownBy(() -> catalog("m/a.json\t1\n")).hasMessageContaining("not key, ETag and bucket");
    }
}
