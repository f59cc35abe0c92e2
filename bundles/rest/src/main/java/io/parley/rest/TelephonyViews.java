package io.parley.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.api.bulk.BulkOutcome;
import io.parley.api.hotword.HotWord;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The JSON shapes of the telephony resources (SPEC §1–3, §12, §17), snake_case on the wire. */
final class TelephonyViews {

    private TelephonyViews() {
    }

    @Schema(name = "HotWord", description = "SPEC §17.1")
    record HotWordView(long id, String name, int weight) {
        static HotWordView of(HotWord w) {
            return new HotWordView(w.id(), w.name(), w.weight());
        }
    }

    @Schema(name = "HotWordWrite", description = "Fields accepted by create (name required) and edit (all optional)")
    record HotWordWrite(
            @Schema(description = "letters, digits, CJK ideographs, _ and -; at most 10 CJK or 20 other characters "
                    + "(weighted length, CJK = 2); unique ignoring case") String name,
            @Schema(description = "1..10, default 10", minimum = "1", maximum = "10") Integer weight) {
    }

    @Schema(name = "Ids", description = "SPEC §0.2 bulk request")
    record IdsWrite(@Schema(description = "non-empty") List<Long> ids) {
    }

    @Schema(name = "BulkResult", description = "Per-id outcome of a bulk operation, in request order")
    record BulkView(List<BulkItemView> items, long succeeded, long failed) {
        static BulkView of(BulkOutcome o) {
            return new BulkView(o.items().stream().map(i -> new BulkItemView(i.id(), i.ok(),
                    i.ok() ? null : new ErrorBody.Detail(i.code(), i.message(), null))).toList(), o.succeeded(), o.failed());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BulkItem")
    record BulkItemView(long id, boolean ok, ErrorBody.Detail error) {
    }

    @Schema(name = "ImportResult")
    record ImportView(int imported) {
    }
}
