@onelogin
Feature: OneLogin checks the API connection
  When the admin enables the API connection of a "SCIM Provisioner with SAML" app, OneLogin looks up
  a userName it knows does not exist and reads a 200 with an empty list, or a 404, as "the endpoint
  works" (docs/idp/onelogin.md §1.1). Every call carries the admin's bearer token (§0.3), and
  OneLogin documents that what it reads back is application/json (§0.3, §3 Q7).

  @onelogin-v2-core @must @documented
  Scenario: The connection check filters on a userName that cannot exist and gets 200 or 404
    OneLogin's connection check is GET /Users?filter=userName eq "<a name that does not exist>", and either 200 with an empty list or 404 counts as a working endpoint (docs/idp/onelogin.md §1.1 [D], §3 Q7).
    When OneLogin sends GET "/Users?filter=userName+eq+%22onelogin-probe-{{run}}%22&"
    Then the response status is 200 or 404

  @onelogin-v2-core @must @observed
  Scenario: The replayed connection check gets 200 with totalResults 0
    The replay test probes with the literal never-existing-user and asserts totalResults 0, as RFC 7644 §3.4.2 answers a filter that matches nothing (docs/idp/onelogin.md §1.1 [O], §0.5).
    When OneLogin sends GET "/Users?filter=userName+eq+%22never-existing-user%22&"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is 0
    And the value at "/Resources/0" is absent

  @onelogin-v2-core @must @documented
  Scenario: A wrong bearer token fails the connection check with a SCIM Error
    OneLogin authenticates every call with "Authorization: Bearer <token>" issued by the service provider; a token the server did not issue is 401 (docs/idp/onelogin.md §0.3 [D]; RFC 7644 §3.12).
    When OneLogin sends GET "/Users?filter=userName+eq+%22never-existing-user%22&" with the authorization header "Bearer not-the-token-{{run}}"
    Then the response is a SCIM Error with status 401

  @onelogin-v2-core @should @documented @rfc7644-3.8
  Scenario: A client that accepts only application/json gets its responses as application/json
    OneLogin documents that every response it reads must be application/json, and RFC 7644 §3.8 says servers SHOULD support "Accept: application/json": answer that media type, not application/scim+json (docs/idp/onelogin.md §0.3 [D], §3 Q7).
    Given the value "{{run}}.media@onelogin.example" saved as "login"
    When OneLogin sends GET "/Users?filter=userName+eq+%22{{login | form}}%22&"
    Then the response status is 200
    And the response header "Content-Type" starts with "application/json"
    When OneLogin sends POST "/Users" with:
      """
      {"userName":"{{login | json}}","name":{"givenName":"Media","familyName":"Type"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"emails":[{"primary":true,"type":"work","value":"{{login | json}}"}],"active":true}
      """
    Then the response status is 201
    And the response header "Content-Type" starts with "application/json"
    And the response is saved as "alice"
    When OneLogin sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response header "Content-Type" starts with "application/json"
    When OneLogin sends GET "/Users/{{alice.id}}-missing"
    Then the response is a SCIM Error with status 404
    And the response header "Content-Type" starts with "application/json"

  @onelogin-v2-core @should @inferred
  Scenario: A ServiceProviderConfig read on save finds PATCH supported
    An unverified claim says OneLogin reads /ServiceProviderConfig when the app is saved; if it does, it must find PATCH supported, since group membership is PATCH-only (docs/idp/onelogin.md §3 Q8 [O], Q9 [I]).
    When OneLogin sends GET "/ServiceProviderConfig"
    Then the response status is 200
    And the response is a valid ServiceProviderConfig
    And the value at "/patch/supported" is true
