package ai.elevare.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures log lines of the running JVM while open: the given loggers are raised to their level,
 * and every line (message and MDC as they were when logged) is kept. Closing restores the levels.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  public record Line(String logger, String level, String message, Map<String, String> mdc) {}

  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final Map<Logger, Level> previous = new HashMap<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  /** @param levels logger name, level ("INFO", "DEBUG"), ... */
  public LogCapture(String... levels) {
    for (int i = 0; i < levels.length; i += 2) {
      Logger l = (Logger) LoggerFactory.getLogger(levels[i]);
      previous.put(l, l.getLevel());
      l.setLevel(Level.toLevel(levels[i + 1]));
    }
    setContext(root.getLoggerContext());
    start();
    root.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent e) {
    // read now: the MDC belongs to the thread that logs
    lines.add(new Line(e.getLoggerName(), e.getLevel().toString(), e.getFormattedMessage(),
        Map.copyOf(e.getMDCPropertyMap())));
  }

  public List<Line> lines() {
    return new ArrayList<>(lines);
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
    previous.forEach(Logger::setLevel);
  }
}
