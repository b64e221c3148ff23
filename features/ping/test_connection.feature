@ping
Feature: Ping checks the connection to the target, with the authorization scheme the admin chose
  PingFederate checks the target's credentials when the provisioning channel is activated and on
  "Check Connection"; PingOne has a "Test connection" button (docs/idp/ping.md §1.1). Neither
  publishes the request: it is presumably a read of /Users, which must be a 200 ListResponse, and
  a 401 SCIM Error for wrong credentials. The scheme word in front of the token is configurable:
  `Bearer`, PingFederate's example `oauth2`, or a custom word in PingOne (§0.3, §3 Q5). Discovery
  endpoints must be served, but Ping is not known to need them (§1.2).

  @should @inferred @pingfederate @pingone
  Scenario: The connection check reads the Users endpoint with and without paging
    The connection check is a real authenticated request, most likely a read of /Users, so a plain GET and a paged GET must both be 200 ListResponses with numeric paging fields (docs/idp/ping.md §1.1 [D] existence, [I] request).
    Given a user "probe" exists
    When Ping sends GET "/Users"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/totalResults" is a number
    When Ping sends GET "/Users?startIndex=1&count=1"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/startIndex" is 1
    And the value at "/itemsPerPage" is 1
    And the value at "/Resources" has 1 item

  @should @inferred @pingfederate @pingone
  Scenario: Wrong credentials fail the connection check with a 401 SCIM Error
    Ping fixed connection checks that passed with wrong credentials (1.3), so the target must refuse a wrong token with 401 and a SCIM Error (docs/idp/ping.md §1.1 [D] changelog, [I] request).
    When PingOne sends GET "/Users" with the authorization header "Bearer wrong-{{run}}"
    Then the response is a SCIM Error with status 401
    And the error detail is not empty

  @must @observed @pingone
  Scenario: PingOne with Auth Type Header "Bearer" sends a standard bearer token
    Bitwarden's PingOne setup uses an OAuth 2 bearer token with the header type "Bearer": the RFC form, which every server must accept (docs/idp/ping.md §0.3 [O]).
    When PingOne sends GET "/Users?startIndex=1&count=1"
    Then the response status is 200
    And the response is a ListResponse of Users

  @should @inferred @pingfederate @tolerance-auth-scheme
  Scenario: PingFederate with Authorization Header Type "oauth2" puts that word before the token
    PingFederate's documented example header type is "oauth2", so the server may receive "Authorization: oauth2 <token>" and should accept the token after it (docs/idp/ping.md §0.3 [D] option, [I] formatting, §3 Q5).
    Given Ping sends the token with the authorization scheme "oauth2"
    When Ping sends GET "/Users?startIndex=1&count=1"
    Then the response status is 200
    And the response is a ListResponse of Users

  @should @inferred @pingone @tolerance-auth-scheme
  Scenario: PingOne with a custom Auth Type Header sends the admin's word before the token
    PingOne's "Custom" header type places an admin-defined value in the header; a server that wants Ping traffic should accept the token after a custom scheme word (docs/idp/ping.md §0.3 [D] option, [I] formatting).
    Given PingOne sends the token with the authorization scheme "Token"
    When PingOne sends GET "/Users"
    Then the response status is 200
    And the response is a ListResponse of Users

  @should @inferred @pingone
  Scenario: The discovery endpoints are served although Ping may never read them
    PingOne reads "dynamic metadata" from SCIM stores and custom extension URNs may be discovered from /Schemas, so /ServiceProviderConfig, /ResourceTypes and /Schemas must answer (docs/idp/ping.md §1.2 [I], §3 Q17).
    When PingOne sends GET "/ServiceProviderConfig"
    Then the response status is 200
    And the response is a valid ServiceProviderConfig
    When PingOne sends GET "/ResourceTypes"
    Then the response status is 200
    And the response is a valid ListResponse
    When PingOne sends GET "/Schemas"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:core:2.0:User"}
