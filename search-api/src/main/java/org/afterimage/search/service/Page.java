package org.afterimage.search.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** One page of results: the exact total, the items, and the cursor for the next page (empty on the last). */
public record Page(long total, List<ObjectNode> items, Optional<String> next) {
}
