# Posts one finished tutoring session to ElevareAI's summaries webhook (docs/integrations/rails.md).
require "json"
require "net/http"
require "openssl"
require "uri"

# Signs the exact bytes it sends: HMAC-SHA256 over "<unix seconds>.<raw body>" with the shared
# secret. Retry on anything but 2xx; the same session_id never makes a second summary.
def post_session_summary(session, base_url: ENV.fetch("ELEVARE_URL"), secret: ENV.fetch("ELEVARE_WEBHOOK_SECRET"))
  body = JSON.generate(session)
  timestamp = Time.now.to_i.to_s
  signature = OpenSSL::HMAC.hexdigest("SHA256", secret, "#{timestamp}.#{body}")
  uri = URI.join(base_url, "/summaries")
  request = Net::HTTP::Post.new(uri)
  request["Content-Type"] = "application/json"
  request["X-Elevare-Timestamp"] = timestamp
  request["X-Elevare-Signature"] = "sha256=#{signature}"
  request.body = body
  Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == "https", open_timeout: 5, read_timeout: 30) do |http|
    http.request(request)
  end
end

if $PROGRAM_NAME == __FILE__
  session = {
    session_id: ENV.fetch("SESSION_ID"),
    student_id: ENV.fetch("STUDENT_ID"),
    tutor_id: ENV.fetch("TUTOR_ID"),
    subject: ENV.fetch("SUBJECT", "chemistry"),
    transcript: File.read(ENV.fetch("TRANSCRIPT_FILE"), encoding: "UTF-8"),
    started_at: ENV.fetch("STARTED_AT", "2026-12-01T16:00:00Z"),
    ended_at: ENV.fetch("ENDED_AT", "2026-12-01T16:55:00Z")
  }
  response = post_session_summary(session)
  puts "#{response.code} #{response.body}"
  exit(response.is_a?(Net::HTTPSuccess) ? 0 : 1)
end
