package ai.elevare.nudge;

import ai.elevare.practice.SubjectCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which subjects lead to which (the subjects table's {@code subject_related} rows, also served by
 * GET /subjects), in the table's order: the first related subject is the first suggested.
 */
public record SubjectRelations(Map<String, List<String>> related) {

  public SubjectRelations {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    related.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    related = java.util.Collections.unmodifiableMap(copy);
  }

  public static SubjectRelations of(SubjectCatalog catalog) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    catalog.all().forEach(s -> m.put(s.id(), s.related()));
    return new SubjectRelations(m);
  }

  public List<String> relatedTo(String subject) {
    return related.getOrDefault(subject, List.of());
  }
}
