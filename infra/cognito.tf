# Sign-in. The service verifies Cognito access tokens (RS256, the pool's JWKS, client_id = the
# app client below, token_use = access) and takes the role from cognito:groups.

resource "aws_cognito_user_pool" "main" {
  name = local.name

  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  deletion_protection      = "ACTIVE"

  admin_create_user_config {
    allow_admin_create_user_only = !var.cognito_self_signup

    invite_message_template {
      email_subject = "Your ElevareAI account"
      email_message = "You have been invited to ElevareAI. Sign in as {username} with the temporary password {####} at ${local.public_url} within 7 days."
      sms_message   = "ElevareAI: user {username}, temporary password {####}"
    }
  }

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = false
    temporary_password_validity_days = 7
  }

  mfa_configuration = "OPTIONAL"
  software_token_mfa_configuration {
    enabled = true
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  username_configuration {
    case_sensitive = false
  }

  # Invitations and password resets through SES from the mail domain (ses.tf), not Cognito's own
  # mailer (about 50 messages a day). SES must be out of the sandbox for real users.
  email_configuration {
    email_sending_account = "DEVELOPER"
    source_arn            = aws_ses_domain_identity.main.arn
    from_email_address    = var.mail_from
  }

  depends_on = [aws_ses_identity_policy.cognito]
}

# The four roles of the product. A user in several groups gets the most privileged one
# (admin > tutor > parent > student); a user in none is a student.
locals {
  cognito_groups = {
    admin   = { precedence = 1, description = "Everything" }
    tutor   = { precedence = 2, description = "Assigned students" }
    parent  = { precedence = 3, description = "Linked children, read-only" }
    student = { precedence = 4, description = "Themselves" }
  }
}

resource "aws_cognito_user_group" "role" {
  for_each     = local.cognito_groups
  user_pool_id = aws_cognito_user_pool.main.id
  name         = each.key
  precedence   = each.value.precedence
  description  = each.value.description
}

# The web app: a public client (no secret) using the authorization code flow with PKCE.
resource "aws_cognito_user_pool_client" "web" {
  name         = "${local.name}-web"
  user_pool_id = aws_cognito_user_pool.main.id

  generate_secret                      = false
  explicit_auth_flows                  = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile"]
  supported_identity_providers         = ["COGNITO"]
  callback_urls                        = var.cognito_callback_urls
  logout_urls                          = var.cognito_logout_urls

  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true

  # Access tokens live one hour, as the service's own tokens do (elevare.auth.token-ttl).
  access_token_validity  = 60
  id_token_validity      = 60
  refresh_token_validity = 30
  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}

resource "aws_cognito_user_pool_domain" "main" {
  count        = var.cognito_domain_prefix == "" ? 0 : 1
  domain       = var.cognito_domain_prefix
  user_pool_id = aws_cognito_user_pool.main.id
}
