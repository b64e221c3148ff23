@okta
Feature: Okta tests the API credentials before it saves the provisioning settings
  After an admin clicks "Test API Credentials" (OIN template) or "Test Connector Configuration"
  (App Integration Wizard) and then "Save", Okta probes the Users endpoint with two constant
  query values, and the Groups endpoint when groups are enabled (docs/idp/okta.md §1.1). A wrong token
  must be refused with a SCIM Error Okta can parse (docs/idp/okta.md §1.1, §3 Q17, OIN QA C9340).

  @must @documented
  Scenario: Test API Credentials lists the users two at a time
    Okta's connection test sends GET /Users?startIndex=1&count=2 and needs a 200 ListResponse with numeric paging fields (docs/idp/okta.md §1.1 [D]).
    Given 3 users named "probe" exist
    When Okta sends GET "/Users?startIndex=1&count=2"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/startIndex" is 1
    And the value at "/itemsPerPage" is 2
    And the value at "/Resources" has 2 items
    And the value at "/totalResults" is a number

  @should @inferred
  Scenario: Test API Credentials lists the groups when groups are enabled
    For SCIM 2.0 Okta presumably also probes GET /Groups?startIndex=1&count=100 after saving, as its SCIM 1.1 docs describe (docs/idp/okta.md §1.1 [I]).
    Given a group "probe" exists
    When Okta sends GET "/Groups?startIndex=1&count=100"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/startIndex" is 1
    And the value at "/itemsPerPage" is a number
    And the value at "/totalResults" is a number

  @must @documented
  Scenario: A wrong token fails the connection test with a SCIM Error
    Okta shows a failed test when the credentials are wrong, and parses the answer as JSON, so the probe must get 401 with a SCIM Error body (docs/idp/okta.md §1.1 [D], OIN QA C9340, §3 Q17).
    When Okta sends GET "/Users?startIndex=1&count=2" with the authorization header "Bearer wrong-{{run}}"
    Then the response is a SCIM Error with status 401
    And the error detail is not empty

  @should @observed @okta-aiw @tolerance-bare-token
  Scenario: In AIW "HTTP Header" mode the token arrives without the Bearer prefix
    AIW apps in HTTP Header mode send the admin-typed string verbatim, often the raw token alone, so a server should not insist on the "Bearer " prefix (docs/idp/okta.md §0.2 [O], §3 Q19).
    Given Okta sends the token without the "Bearer" prefix
    When Okta sends GET "/Users?startIndex=1&count=2"
    Then the response status is 200
    And the response is a ListResponse of Users
