package io.millwright.core.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millwright.core.error.LimitExceededException;

/**
 * Size limits on twin documents, checked before anything is stored so a rejected patch changes nothing. Each side
 * ({@code reported}, {@code desired}) is limited on its own.
 *
 * @param maxPatchBytes a patch's JSON text, checked before parsing (default 16 KiB)
 * @param maxDocumentBytes one side's whole document after the patch, compact UTF-8 (default 64 KiB, well below MQTT
 *     and HTTP body limits so the document can always be sent in one message)
 * @param maxDepth nesting depth of patches and documents; the document object itself is level 1 (default 8)
 * @param maxKeys object members at all levels of one side's document (default 1,000)
 */
public record TwinLimits(int maxPatchBytes, int maxDocumentBytes, int maxDepth, int maxKeys) {

    public static final TwinLimits DEFAULTS = new TwinLimits(16 * 1024, 64 * 1024, 8, 1000);

    public TwinLimits {
        if (maxPatchBytes < 2 || maxDocumentBytes < 2 || maxDepth < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("twin limits must be positive (patch and document at least 2 bytes)");
        }
    }

    /** Parses and checks a patch: a JSON object within the byte and depth limits. */
    ObjectNode parsePatch(String field, String json) {
        return checkPatch(field, JsonDocuments.parseObject(field, json, maxPatchBytes));
    }

    /** Checks an already parsed patch: a JSON object within the byte and depth limits. */
    ObjectNode checkPatch(String field, JsonNode patch) {
        ObjectNode object = JsonDocuments.requireObject(field, patch);
        JsonDocuments.checkBytes(field, JsonDocuments.byteSize(object), maxPatchBytes);
        checkDepth(field, object);
        return object;
    }

    /** Checks one side's document as it would be after a patch. */
    void checkDocument(String side, ObjectNode document) {
        JsonDocuments.checkBytes("the " + side + " document", JsonDocuments.byteSize(document), maxDocumentBytes);
        checkDepth("the " + side + " document", document);
        int keys = JsonDocuments.keyCount(document);
        if (keys > maxKeys) {
            throw new LimitExceededException(
                    LimitExceededException.Kind.SIZE,
                    "the " + side + " document would have " + keys + " keys; at most " + maxKeys + " are allowed");
        }
    }

    private void checkDepth(String what, JsonNode node) {
        int depth = JsonDocuments.depth(node);
        if (depth > maxDepth) {
            throw new LimitExceededException(
                    LimitExceededException.Kind.SIZE,
                    what + " is nested " + depth + " levels deep; at most " + maxDepth + " are allowed");
        }
    }
}
