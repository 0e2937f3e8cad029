package ai.elevare.practice;

import ai.elevare.core.Jdbc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The subjects table and its relations, read once: they change only by migration. */
public final class SubjectCatalog {
  public record Subject(String id, String name, List<String> related) {}

  private final List<Subject> subjects;

  public SubjectCatalog(Jdbc jdbc) {
    Map<String, List<String>> related = new TreeMap<>();
    jdbc.query(
            "SELECT subject_id, related_id FROM subject_related ORDER BY subject_id, related_id",
            rs -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> related.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    subjects =
        jdbc.query(
            "SELECT id, name FROM subjects",
            rs -> new Subject(rs.getString(1), rs.getString(2), List.copyOf(related.getOrDefault(rs.getString(1), List.of()))));
  }

  public List<Subject> all() {
    List<Subject> ordered = new ArrayList<>();
    for (String id : Subjects.ALL) {
      subjects.stream().filter(s -> s.id().equals(id)).forEach(ordered::add);
    }
    return ordered;
  }
}
