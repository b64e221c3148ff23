Feature: Media types
  SCIM messages are JSON with the media type application/scim+json (RFC 7644 §3.8, §8.1). Servers
  answer in that type and accept request bodies labelled with it, with a charset parameter, or with
  the older application/json.

  @protocol @rfc7644-3.8 @must
  Scenario: A resource is returned as application/scim+json
    RFC 7644 §3.8: service providers MUST support "Accept: application/scim+json" and answer with JSON of that media type.
    Given a user "alice" exists
    When the client sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response header "Content-Type" starts with "application/scim+json"

  @protocol @rfc7644-3.8 @must
  Scenario: A created resource is returned as application/scim+json
    RFC 7644 §3.8: responses to an "Accept: application/scim+json" request use the SCIM media type, including the 201 of a create.
    When the client sends POST "/Users" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.media@example.com"}
      """
    Then the response status is 201
    And the response header "Content-Type" starts with "application/scim+json"

  @protocol @rfc7644-3.8 @must
  Scenario: A list is returned as application/scim+json
    RFC 7644 §3.8: responses to an "Accept: application/scim+json" request use the SCIM media type, including a ListResponse.
    When the client sends GET "/Users?count=1"
    Then the response status is 200
    And the response header "Content-Type" starts with "application/scim+json"

  @protocol @rfc7644-3.8 @rfc7644-3.12 @must
  Scenario: An error is returned as application/scim+json
    RFC 7644 §3.12: errors are returned in the body as JSON, and §3.8 makes application/scim+json the response type.
    Given a new GUID saved as "missing"
    When the client sends GET "/Users/{{missing}}"
    Then the response is a SCIM Error with status 404
    And the response header "Content-Type" starts with "application/scim+json"

  @protocol @rfc7644-3.8 @rfc7644-4 @must
  Scenario: Discovery documents are returned as application/scim+json
    RFC 7644 §3.8 and §4: the discovery endpoints answer SCIM JSON documents with the SCIM media type.
    When the client sends GET "/ServiceProviderConfig"
    Then the response status is 200
    And the response header "Content-Type" starts with "application/scim+json"
    When the client sends GET "/Schemas"
    Then the response status is 200
    And the response header "Content-Type" starts with "application/scim+json"

  @protocol @rfc7644-3.8 @should
  Scenario: A body sent as application/json is accepted
    RFC 7644 §3.8: servers MUST accept JSON requests, and IANA's registration of application/scim+json (RFC 7644 §8.1) notes that clients informally use application/json.
    When the client sends POST "/Users" with header "Content-Type" set to "application/json"
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.plainjson@example.com"}
      """
    Then the response status is 201
    And the value at "/userName" is "{{run}}.plainjson@example.com"
    And the response header "Content-Type" starts with "application/scim+json"

  @protocol @rfc7644-3.8 @should
  Scenario: A body sent as application/scim+json with a charset is accepted
    RFC 7644 §3.8: UTF-8 is the default encoding of SCIM JSON, so a body labelled "application/scim+json; charset=utf-8" is the same SCIM request.
    When the client sends POST "/Users" with header "Content-Type" set to "application/scim+json; charset=utf-8"
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.charset@example.com", "displayName": "Zoë Ñúñez"}
      """
    Then the response status is 201
    And the value at "/userName" is "{{run}}.charset@example.com"
    And the value at "/displayName" is "Zoë Ñúñez"

  @protocol @rfc7644-3.8 @should
  Scenario: A replace sent as application/json is accepted
    RFC 7644 §3.8: servers MUST accept JSON requests, whichever JSON media type labels them.
    Given a user "alice" exists
    When the client sends PUT "/Users/{{alice.id}}" with header "Content-Type" set to "application/json; charset=utf-8"
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.alice@example.com", "title": "Plain JSON"}
      """
    Then the response status is 200
    And the value at "/title" is "Plain JSON"

  @protocol @rfc7644-3.8 @should
  Scenario: A client accepting application/json is answered
    RFC 7644 §3.8: service providers SHOULD support "Accept: application/json".
    Given a user "alice" exists
    When the client sends GET "/Users/{{alice.id}}" with header "Accept" set to "application/json"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
