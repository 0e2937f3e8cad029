package ai.elevare.nudge;

import ai.elevare.nudge.NudgeDeliveries.Nudge;
import ai.elevare.nudge.NudgeDeliveries.Recipient;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.Properties;

/**
 * Nudge e-mails over SMTP with Jakarta Mail (Angus): multipart text + HTML, the tracked link, and
 * RFC 8058 one-click unsubscribe headers. STARTTLS is used whenever the server offers it. Blocking:
 * called only from the outbox on the blocking dispatcher.
 */
public final class NudgeMailer {
  private static final String TIMEOUT_MS = "10000";

  private final MailSettings settings;
  private final Session session;

  public NudgeMailer(MailSettings settings) {
    this.settings = settings;
    Properties p = new Properties();
    p.put("mail.transport.protocol", "smtp");
    p.put("mail.smtp.host", settings.host());
    p.put("mail.smtp.port", String.valueOf(settings.port()));
    p.put("mail.smtp.starttls.enable", "true"); // upgrade when offered; plain only where it is not
    p.put("mail.smtp.auth", String.valueOf(!settings.user().isBlank()));
    p.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
    p.put("mail.smtp.timeout", TIMEOUT_MS);
    p.put("mail.smtp.writetimeout", TIMEOUT_MS);
    session = Session.getInstance(p);
  }

  public void send(Nudge nudge, Recipient to) throws MessagingException {
    MimeMessage m = compose(nudge, to);
    if (settings.user().isBlank()) {
      Transport.send(m);
    } else {
      Transport.send(m, settings.user(), settings.password());
    }
  }

  MimeMessage compose(Nudge nudge, Recipient to) throws MessagingException {
    String link = NudgeLinks.tracked(settings.publicUrl(), nudge.token(), "email");
    String unsubscribe = NudgeLinks.unsubscribe(settings.publicUrl(), nudge.token());
    String greeting = "Hi " + firstName(to.name()) + ",";

    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(settings.from()));
    try {
      m.setRecipient(Message.RecipientType.TO, new InternetAddress(to.email(), to.name(), "UTF-8"));
    } catch (UnsupportedEncodingException e) {
      throw new MessagingException("UTF-8 unsupported", e);
    }
    m.setSubject(subject(nudge.kind()), "UTF-8");
    m.setSentDate(new Date());
    // RFC 8058: mail clients may offer an unsubscribe button that POSTs here without a login
    m.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
    m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    m.setHeader("Auto-Submitted", "auto-generated");

    MimeBodyPart text = new MimeBodyPart();
    text.setText(
        greeting + "\n\n" + nudge.message() + "\n\nPick up where you left off: " + link
            + "\n\n--\nYou get these e-mails because you study with ElevareAI.\n"
            + "Stop them with one click: " + unsubscribe + "\n",
        "UTF-8");
    MimeBodyPart html = new MimeBodyPart();
    html.setContent(html(greeting, nudge.message(), link, unsubscribe), "text/html; charset=UTF-8");
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(text); // least preferred first (RFC 2046)
    alternative.addBodyPart(html);
    m.setContent(alternative);
    m.saveChanges();
    return m;
  }

  static String subject(String kind) {
    return switch (NudgeKind.fromWire(kind)) {
      case INACTIVITY -> "A few minutes of practice today?";
      case GOAL_COMPLETED -> "You reached your goal: what's next?";
      case CROSS_SUBJECT -> "A new subject to try";
    };
  }

  private static String html(String greeting, String message, String link, String unsubscribe) {
    return "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">"
        + "<p>" + escape(greeting) + "</p>"
        + "<p>" + escape(message) + "</p>"
        + "<p><a href=\"" + escape(link) + "\" style=\"display:inline-block;padding:10px 16px;"
        + "background:#3355ff;color:#fff;text-decoration:none;border-radius:6px\">Continue</a></p>"
        + "<hr><p style=\"font-size:12px;color:#666\">You get these e-mails because you study with "
        + "ElevareAI. <a href=\"" + escape(unsubscribe) + "\">Unsubscribe</a> with one click.</p>"
        + "</body></html>";
  }

  private static String firstName(String name) {
    if (name == null || name.isBlank()) return "there";
    return name.trim().split("\\s+")[0];
  }

  /** Minimal HTML escaping for text placed in elements and attribute values. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
