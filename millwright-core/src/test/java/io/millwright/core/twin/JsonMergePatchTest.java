package io.millwright.core.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.error.InvalidInputException;
import io.millwright.core.error.LimitExceededException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMergePatchTest {

    private static ObjectNode json(String text) {
        return JsonDocuments.parseObject("test", text, 1 << 20);
    }

    /** RFC 7396 Appendix A, the examples whose target and patch are objects (twin documents always are). */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\":\"b\"}                | {\"a\":\"c\"}                    | {\"a\":\"c\"}",
                "{\"a\":\"b\"}                | {\"b\":\"c\"}                    | {\"a\":\"b\",\"b\":\"c\"}",
                "{\"a\":\"b\"}                | {\"a\":null}                     | {}",
                "{\"a\":\"b\",\"b\":\"c\"}    | {\"a\":null}                     | {\"b\":\"c\"}",
                "{\"a\":[\"b\"]}              | {\"a\":\"c\"}                    | {\"a\":\"c\"}",
                "{\"a\":\"c\"}                | {\"a\":[\"b\"]}                  | {\"a\":[\"b\"]}",
                "{\"a\":{\"b\":\"c\"}}        | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
                "{\"a\":[{\"b\":\"c\"}]}      | {\"a\":[1]}                      | {\"a\":[1]}",
                "{\"e\":null}                 | {\"a\":1}                        | {\"e\":null,\"a\":1}",
                "{\"x\":[1,2]}                | {\"x\":{\"a\":\"b\",\"c\":null}} | {\"x\":{\"a\":\"b\"}}",
                "{}                           | {\"a\":{\"bb\":{\"ccc\":null}}}  | {\"a\":{\"bb\":{}}}"
            })
    void applies_the_rfc_7396_examples(String target, String patch, String result) {
        ObjectNode before = json(target);
        assertThat(JsonMergePatch.apply(before, json(patch))).isEqualTo(json(result));
        assertThat(before).as("the target is left unchanged").isEqualTo(json(target));
    }

    @Test
    void diff_is_the_smallest_patch_between_two_documents() {
        ObjectNode from = json("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"e\":[1],\"gone\":true}");
        ObjectNode to = json("{\"a\":1.0,\"b\":{\"c\":2,\"d\":4},\"e\":[1,2],\"new\":\"x\"}");

        ObjectNode diff = JsonMergePatch.diff(from, to);

        assertThat(diff).isEqualTo(json("{\"b\":{\"d\":4},\"e\":[1,2],\"new\":\"x\",\"gone\":null}"));
        assertThat(JsonMergePatch.apply(from, diff))
                .isEqualTo(json("{\"a\":1,\"b\":{\"c\":2,\"d\":4}," + "\"e\":[1,2],\"new\":\"x\"}"));
        assertThat(JsonMergePatch.diff(to, to)).isEmpty();
    }

    @Test
    void difference_keeps_desired_keys_that_reported_does_not_match_recursively() {
        ObjectNode desired = json("{\"fan\":\"on\",\"target\":21,\"led\":{\"color\":\"red\",\"level\":3},\"mode\":1}");
        ObjectNode reported = json("{\"fan\":\"on\",\"target\":20,\"led\":{\"color\":\"red\",\"level\":2},"
                + "\"mode\":1.0,\"uptime\":99}");

        assertThat(JsonMergePatch.difference(desired, reported))
                .isEqualTo(json("{\"target\":21,\"led\":{\"level\":3}}"));
    }

    @Test
    void numbers_are_compared_by_value() {
        assertThat(JsonMergePatch.sameValue(json("{\"a\":1}"), json("{\"a\":1.00}")))
                .isTrue();
        assertThat(JsonMergePatch.sameValue(json("{\"a\":1}"), json("{\"a\":\"1\"}")))
                .isFalse();
    }

    @Test
    void parsing_is_strict_and_bounded() {
        assertThatThrownBy(() -> json("{\"a\":1} {}")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> json("{\"a\":1,\"a\":2}")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> JsonDocuments.parseObject("p", "[1]", 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> JsonDocuments.parse("p", "\"" + "é".repeat(60) + "\"", 100))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("122 bytes");
    }

    @Test
    void measures_depth_and_keys() {
        ObjectNode doc = json("{\"a\":{\"b\":[{\"c\":1}]},\"d\":2}");
        assertThat(JsonDocuments.depth(doc)).isEqualTo(4);
        assertThat(JsonDocuments.keyCount(doc)).isEqualTo(4);
    }
}
