-- The built-in OpenID Connect provider (server/Gamified.Server/Identity): local accounts, and OpenIddict's applications,
-- scopes, authorizations and tokens in the tables its EF Core stores map (OpenIddict.EntityFrameworkCore 7.9.0, default
-- names). Written from the EF model (IdentityDbContext; Contract/IdentitySchemaTests compares them), made idempotent.

-- One-time links to choose a password (Identity/SignInInvitation.cs): only the secret's hash.
CREATE TABLE IF NOT EXISTS "local_account_invitations" (
    "token_hash" TEXT NOT NULL CONSTRAINT "PK_local_account_invitations" PRIMARY KEY,
    "user_name" TEXT NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS "local_accounts" (
    "user_name" TEXT NOT NULL CONSTRAINT "PK_local_accounts" PRIMARY KEY,
    "password_hash" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "departments" TEXT NOT NULL,
    "failed_attempts" INTEGER NOT NULL,
    "locked_until" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "OpenIddictApplications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictApplications" PRIMARY KEY,
    "ApplicationType" TEXT NULL,
    "ClientId" TEXT NULL,
    "ClientSecret" TEXT NULL,
    "ClientType" TEXT NULL,
    "ConcurrencyToken" TEXT NULL,
    "ConsentType" TEXT NULL,
    "DisplayName" TEXT NULL,
    "DisplayNames" TEXT NULL,
    "JsonWebKeySet" TEXT NULL,
    "Permissions" TEXT NULL,
    "PostLogoutRedirectUris" TEXT NULL,
    "Properties" TEXT NULL,
    "RedirectUris" TEXT NULL,
    "Requirements" TEXT NULL,
    "Settings" TEXT NULL
);

CREATE TABLE IF NOT EXISTS "OpenIddictScopes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictScopes" PRIMARY KEY,
    "ConcurrencyToken" TEXT NULL,
    "Description" TEXT NULL,
    "Descriptions" TEXT NULL,
    "DisplayName" TEXT NULL,
    "DisplayNames" TEXT NULL,
    "Name" TEXT NULL,
    "Properties" TEXT NULL,
    "Resources" TEXT NULL
);

CREATE TABLE IF NOT EXISTS "OpenIddictAuthorizations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictAuthorizations" PRIMARY KEY,
    "ApplicationId" TEXT NULL,
    "ConcurrencyToken" TEXT NULL,
    "CreationDate" TEXT NULL,
    "Properties" TEXT NULL,
    "Scopes" TEXT NULL,
    "Status" TEXT NULL,
    "Subject" TEXT NULL,
    "Type" TEXT NULL,
    CONSTRAINT "FK_OpenIddictAuthorizations_OpenIddictApplications_ApplicationId" FOREIGN KEY ("ApplicationId") REFERENCES "OpenIddictApplications" ("Id")
);

CREATE TABLE IF NOT EXISTS "OpenIddictTokens" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictTokens" PRIMARY KEY,
    "ApplicationId" TEXT NULL,
    "AuthorizationId" TEXT NULL,
    "ConcurrencyToken" TEXT NULL,
    "CreationDate" TEXT NULL,
    "ExpirationDate" TEXT NULL,
    "Payload" TEXT NULL,
    "Properties" TEXT NULL,
    "RedemptionDate" TEXT NULL,
    "ReferenceId" TEXT NULL,
    "Status" TEXT NULL,
    "Subject" TEXT NULL,
    "Type" TEXT NULL,
    CONSTRAINT "FK_OpenIddictTokens_OpenIddictApplications_ApplicationId" FOREIGN KEY ("ApplicationId") REFERENCES "OpenIddictApplications" ("Id"),
    CONSTRAINT "FK_OpenIddictTokens_OpenIddictAuthorizations_AuthorizationId" FOREIGN KEY ("AuthorizationId") REFERENCES "OpenIddictAuthorizations" ("Id")
);

CREATE INDEX IF NOT EXISTS "ix_local_account_invitations_user" ON "local_account_invitations" ("user_name");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_OpenIddictApplications_ClientId" ON "OpenIddictApplications" ("ClientId");

CREATE INDEX IF NOT EXISTS "IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type" ON "OpenIddictAuthorizations" ("ApplicationId", "Status", "Subject", "Type");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_OpenIddictScopes_Name" ON "OpenIddictScopes" ("Name");

CREATE INDEX IF NOT EXISTS "IX_OpenIddictTokens_ApplicationId_Status_Subject_Type" ON "OpenIddictTokens" ("ApplicationId", "Status", "Subject", "Type");

CREATE INDEX IF NOT EXISTS "IX_OpenIddictTokens_AuthorizationId" ON "OpenIddictTokens" ("AuthorizationId");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_OpenIddictTokens_ReferenceId" ON "OpenIddictTokens" ("ReferenceId");
