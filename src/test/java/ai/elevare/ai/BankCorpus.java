package ai.elevare.ai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeded question bank (the Flyway migration that ships it) as retrieval documents, read
 * straight from the SQL so tests and the benchmark search the same explanations production does.
 */
public final class BankCorpus {

  static final String RESOURCE = "db/migration/common/V4__question_bank.sql";

  private BankCorpus() {}

  /** One document per item: id, subject, topic and the explanation. */
  public static List<KnowledgeDoc> load() {
    String sql;
    try (InputStream in = BankCorpus.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<KnowledgeDoc> docs = new ArrayList<>();
    for (String line : sql.split("\n")) {
      String t = line.strip();
      if (!t.startsWith("('")) {
        continue;
      }
      List<String> v = values(t);
      // id, subject, topic, prompt, answer_format, choices, answers, hint, explanation, ...
      docs.add(new KnowledgeDoc(v.get(0), v.get(1), v.get(2), v.get(8)));
    }
    return docs;
  }

  /** The values of one SQL tuple: quoted strings unescaped, anything else as written. */
  static List<String> values(String tuple) {
    List<String> out = new ArrayList<>();
    int i = tuple.indexOf('(') + 1;
    while (i < tuple.length()) {
      char c = tuple.charAt(i);
      if (c == '\'') {
        StringBuilder s = new StringBuilder();
        i++;
        while (i < tuple.length()) {
          char d = tuple.charAt(i);
          if (d == '\'') {
            if (i + 1 < tuple.length() && tuple.charAt(i + 1) == '\'') {
              s.append('\'');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          s.append(d);
          i++;
        }
        out.add(s.toString());
      } else if (c == ',' || c == ' ') {
        i++;
      } else if (c == ')') {
        break;
      } else {
        int start = i;
        while (i < tuple.length() && tuple.charAt(i) != ',' && tuple.charAt(i) != ')') {
          i++;
        }
        out.add(tuple.substring(start, i).strip());
      }
    }
    return out;
  }
}
