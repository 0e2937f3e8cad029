package ai.elevare.ai;

import java.util.List;

/** Placeholder (before figures). */
public final class Glossary {
  private Glossary() {}

  public static List<KnowledgeDoc> load() {
    return List.of();
  }
}
