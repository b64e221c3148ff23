@entra
Feature: Entra tests the connection with a random GUID before it provisions anything
  When an admin clicks "Test Connection" (and as step 1 of every provision-on-demand) Entra queries
  /Users for a userName that cannot exist, and, with group provisioning on, /Groups as well
  (docs/idp/entra.md §1.1). A 404, on either collection, quarantines the job as "SCIM compliance issue";
  a 401/403 is shown as invalid credentials. Entra sends no Accept and no User-Agent header here.

  @entra-default @must @documented
  Scenario: The user probe with a random GUID gets 200 and an empty list
    Entra sends GET /Users?filter=userName eq "<random GUID>" form-encoded, without a User-Agent, and needs 200 with an empty ListResponse, never 404 (docs/idp/entra.md §1.1 [DOC S1, S6], §3 Q18 Q20 Q29).
    Given a new GUID saved as "probe"
    When Entra sends GET "/Users?filter=userName+eq+%22{{probe}}%22"
    Then the response status is 200
    And the response header "Content-Type" starts with "application/scim+json"
    And the response is a ListResponse of Users
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    And the value at "/totalResults" is 0
    And the value at "/Resources/0" is absent

  @entra-default @should @inferred
  Scenario: The group probe with a random GUID gets 200 and an empty list
    With group provisioning on Entra also queries /Groups (reported, shape unpublished; assumed to be the group match query with a random GUID), and a 404 there fails Test Connection (docs/idp/entra.md §1.1 [FIELD S12, INF], §2.2, §3 Q18).
    Given a new GUID saved as "probe"
    When Entra sends GET "/Groups?excludedAttributes=members&filter=displayName+eq+%22{{probe}}%22"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/totalResults" is 0
    And the value at "/Resources/0" is absent

  @entra-default @must @documented
  Scenario: A wrong secret token is refused as invalid credentials
    Entra reports a 401/403 answer to its probe as invalid credentials (quarantine EncounteredQuarantineException), so a wrong bearer token must be refused and never answered with data (docs/idp/entra.md §1.1 "On error" [DOC S6], §1.12).
    Given a new GUID saved as "probe"
    When Entra sends GET "/Users?filter=userName+eq+%22{{probe}}%22" with the authorization header "Bearer not-the-secret-token"
    Then the response status is 401 or 403
    And the response header "Content-Type" starts with "application/scim+json"
    And the value at "/totalResults" is absent
    And the value at "/Resources" is absent

  @entra-flag @should @inferred
  Scenario: The flag in the Tenant URL may reach the server as an unknown query parameter
    The flag dialect is selected by appending aadOptscim062020 to the Tenant URL; whether it reaches the server is undocumented, so servers must ignore unknown query parameters on every route (docs/idp/entra.md §0.2 [DOC S2, INF]).
    Given a new GUID saved as "probe"
    When Entra sends GET "/Users?filter=userName+eq+%22{{probe}}%22&aadOptscim062020"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 0
