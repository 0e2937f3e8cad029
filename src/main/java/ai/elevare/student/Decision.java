package ai.elevare.student;

import java.util.List;

/** What a feature module decided about a command: refuse it, or store these events (maybe none). */
public sealed interface Decision {
  record Accept(List<StudentEvent> events) implements Decision {
    public Accept {
      events = List.copyOf(events);
    }
  }

  record Refuse(StudentReply.Reason reason, String detail) implements Decision {
    public StudentReply.Rejected rejected() {
      return new StudentReply.Rejected(reason, detail);
    }
  }

  static Decision accept(StudentEvent... events) {
    return new Accept(List.of(events));
  }

  static Decision accept(List<StudentEvent> events) {
    return new Accept(events);
  }

  static Decision refuse(StudentReply.Reason reason, String detail) {
    return new Refuse(reason, detail);
  }
}
