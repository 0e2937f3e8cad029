package ai.elevare.platform;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two logging setups as shipped: production writes an access line as one JSON object whose
 * "mdc" holds the fields; development writes plain lines, with the request id only when there is one.
 */
class LoggingConfigTest {
  private static LoggerContext configure(String file) throws Exception {
    LoggerContext ctx = new LoggerContext();
    JoranConfigurator c = new JoranConfigurator();
    c.setContext(ctx);
    c.doConfigure(new File(file));
    return ctx;
  }

  private static String encode(LoggerContext ctx, String appender, String logger, String msg, Map<String, String> mdc) {
    Logger l = ctx.getLogger(logger);
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> a =
        (OutputStreamAppender<ILoggingEvent>)
            (l.getAppender(appender) != null ? l.getAppender(appender) : ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(appender));
    LoggingEvent e = new LoggingEvent(Logger.class.getName(), l, Level.INFO, msg, null, null);
    e.setMDCPropertyMap(mdc);
    return new String(a.getEncoder().encode(e), StandardCharsets.UTF_8);
  }

  @Test
  void productionAccessLinesAreJsonWithTheirFieldsInTheMdc() throws Exception {
    LoggerContext ctx = configure("conf/logback-production.xml");
    assertEquals(Level.INFO, ctx.getLogger("elevare.access").getLevel());
    Logger accessLogger = ctx.getLogger("elevare.access");
    assertFalse(accessLogger.isAdditive(), "written once, through the queue");
    AsyncAppender queue = (AsyncAppender) accessLogger.getAppender("ACCESS");
    assertTrue(queue.isNeverBlock(), "a full queue drops lines, it never holds a request");
    assertNotNull(queue.getAppender("JSON"));
    String out =
        encode(ctx, "JSON", "elevare.access", "GET /progress/{student_id} 200 3.1ms user=u-1 req=r-1",
            Map.of("method", "GET", "route", "/progress/{student_id}", "status", "200", "latencyMs", "3.1",
                "userId", "u-1", "requestId", "r-1"));
    assertEquals(1, out.strip().lines().count(), "one line: " + out);
    JsonNode json = new ObjectMapper().readTree(out);
    assertEquals("elevare.access", json.get("loggerName").asText());
    assertEquals("INFO", json.get("level").asText());
    assertEquals("/progress/{student_id}", json.get("mdc").get("route").asText());
    assertEquals("r-1", json.get("mdc").get("requestId").asText());
    assertEquals("3.1", json.get("mdc").get("latencyMs").asText());
    assertTrue(json.get("formattedMessage").asText().startsWith("GET /progress/{student_id} 200"));
    ctx.stop();
  }

  @Test
  void developmentLinesArePlainAndShowTheRequestIdOnlyWhenThereIsOne() throws Exception {
    LoggerContext ctx = configure("src/main/resources/logback.xml");
    String traced = encode(ctx, "STDOUT", "ai.elevare.ai.AiCall", "AI call falls back", Map.of("requestId", "r-9"));
    assertTrue(traced.contains("AiCall [r-9] - AI call falls back"), traced);
    String plain = encode(ctx, "STDOUT", "ai.elevare.ai.AiCall", "started", Map.of());
    assertTrue(plain.contains("AiCall - started"), plain);
    assertFalse(plain.contains("[]"), plain);
    // as in production, through a queue
    AsyncAppender queue = (AsyncAppender) ctx.getLogger("elevare.access").getAppender("ACCESS");
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> out = (OutputStreamAppender<ILoggingEvent>) queue.getAppender("ACCESS_OUT");
    LoggingEvent line =
        new LoggingEvent(Logger.class.getName(), ctx.getLogger("elevare.access"), Level.INFO, "GET /goals 200 1.0ms user=- req=r-2", null, null);
    String access = new String(out.getEncoder().encode(line), StandardCharsets.UTF_8);
    assertTrue(access.contains(" access GET /goals 200 1.0ms user=- req=r-2"), access);
    assertFalse(ctx.getLogger("elevare.access").isAdditive(), "access lines are not written twice");
    ctx.stop();
  }
}
