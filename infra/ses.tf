# Nudge e-mails go out through SES's SMTP interface (ELEVARE_SMTP_*). A new account's SES is in
# the sandbox (verified recipients only) until production access is requested (README.md).

resource "aws_ses_domain_identity" "main" {
  domain = var.ses_domain
}

resource "aws_ses_domain_dkim" "main" {
  domain = aws_ses_domain_identity.main.domain
}

# DNS records, when the domain's zone is in Route 53 in this account; otherwise publish the
# tokens from the outputs by hand.
resource "aws_route53_record" "ses_verification" {
  count   = var.route53_zone_id == "" ? 0 : 1
  zone_id = var.route53_zone_id
  name    = "_amazonses.${var.ses_domain}"
  type    = "TXT"
  ttl     = 600
  records = [aws_ses_domain_identity.main.verification_token]
}

resource "aws_route53_record" "ses_dkim" {
  count   = var.route53_zone_id == "" ? 0 : 3
  zone_id = var.route53_zone_id
  name    = "${aws_ses_domain_dkim.main.dkim_tokens[count.index]}._domainkey.${var.ses_domain}"
  type    = "CNAME"
  ttl     = 600
  records = ["${aws_ses_domain_dkim.main.dkim_tokens[count.index]}.dkim.amazonses.com"]
}

resource "aws_ses_domain_identity_verification" "main" {
  count      = var.route53_zone_id == "" ? 0 : 1
  domain     = aws_ses_domain_identity.main.id
  depends_on = [aws_route53_record.ses_verification]
}

# SMTP credentials: an IAM user that may only send mail from this domain. Its SMTP password is
# derived from the access key and written to the app secret (secrets.tf). The access key's
# secret is part of the Terraform state: keep the state bucket encrypted and access-restricted.
resource "aws_iam_user" "ses_smtp" {
  name = "${local.name}-ses-smtp"
}

# The identity wildcard covers recipient identities too (SES checks them while the account is
# in the sandbox); the condition pins the sender to the domain.
data "aws_iam_policy_document" "ses_send" {
  statement {
    actions   = ["ses:SendRawEmail"]
    resources = ["arn:aws:ses:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:identity/*"]
    condition {
      test     = "StringLike"
      variable = "ses:FromAddress"
      values   = ["*@${var.ses_domain}"]
    }
  }
}

resource "aws_iam_user_policy" "ses_send" {
  name   = "send-mail"
  user   = aws_iam_user.ses_smtp.name
  policy = data.aws_iam_policy_document.ses_send.json
}

resource "aws_iam_access_key" "ses_smtp" {
  user = aws_iam_user.ses_smtp.name
}

# Cognito sends invitations and password resets through this identity (cognito.tf).
data "aws_iam_policy_document" "ses_cognito" {
  statement {
    actions   = ["ses:SendEmail", "ses:SendRawEmail"]
    resources = [aws_ses_domain_identity.main.arn]
    principals {
      type        = "Service"
      identifiers = ["email.cognito-idp.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_ses_identity_policy" "cognito" {
  identity = aws_ses_domain_identity.main.arn
  name     = "cognito-invitations"
  policy   = data.aws_iam_policy_document.ses_cognito.json
}
