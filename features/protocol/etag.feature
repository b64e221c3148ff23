Feature: Resource versions and ETags
  RFC 7644 §3.14: service providers MAY support weak ETags for conditional retrieval and to keep
  clients from overwriting each other's changes. These scenarios are skipped when
  /ServiceProviderConfig says etag.supported is false.

  @protocol @rfc7644-3.14 @capability-etag @must
  Scenario: A read carries the ETag header
    RFC 7644 §3.14: when supported, SCIM ETags MUST be specified as an HTTP header.
    Given a user "alice" exists
    When the client sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response header "ETag" is present

  @protocol @rfc7644-3.14 @rfc7643-3.1 @capability-etag @should
  Scenario: The ETag header equals meta.version
    RFC 7644 §3.14: the ETag SHOULD also be given in meta.version, and RFC 7643 §3.1 says meta.version must be the same as the ETag header.
    Given a user "alice" exists
    When the client sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/meta/version" is a string
    And the response header "ETag" equals the value at "/meta/version"
    When the client sends POST "/Groups" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "{{run}} Versioned"}
      """
    Then the response status is 201
    And the response header "ETag" equals the value at "/meta/version"

  @protocol @rfc7644-3.14 @capability-etag @should
  Scenario: A modification changes the version
    RFC 7644 §3.14 and RFC 7232 §2.3: an entity-tag identifies one representation, so a modified resource answers a different ETag.
    Given a user "alice" exists
    When the client sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.alice@example.com", "title": "Changed"}
      """
    Then the response status is 200
    And the value at "/meta/version" is not "{{alice.meta.version}}"
    And the response header "ETag" is present

  @protocol @rfc7644-3.14 @capability-etag @should
  Scenario: If-None-Match with the current version answers 304
    RFC 7644 §3.14: on a conditional GET whose If-None-Match holds the current version, the service provider returns an empty body with 304 Not Modified.
    Given a user "alice" exists
    When the client sends GET "/Users/{{alice.id}}" with header "If-None-Match" set to "{{alice.meta.version}}"
    Then the response status is 304
    And the response has no body

  @protocol @rfc7644-3.14 @capability-etag @should
  Scenario: If-None-Match with an old version answers 200 with the resource
    RFC 7644 §3.14 with RFC 7232 §3.2: when the version has changed, a conditional GET returns the current resource.
    Given a user "alice" exists
    When the client sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.alice@example.com", "title": "Changed"}
      """
    Then the response status is 200
    When the client sends GET "/Users/{{alice.id}}" with header "If-None-Match" set to "{{alice.meta.version}}"
    Then the response status is 200
    And the value at "/title" is "Changed"

  @protocol @rfc7644-3.14 @rfc7644-3.12 @capability-etag @should
  Scenario: PUT with a stale If-Match answers 412 and changes nothing
    RFC 7644 §3.14: If-Match on PUT makes the operation succeed only if the ETag is current; otherwise 412 Precondition Failed (RFC 7644 §3.12 Table 8).
    Given a user "alice" exists
    When the client sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.alice@example.com", "title": "First"}
      """
    Then the response status is 200
    When the client sends PUT "/Users/{{alice.id}}" with header "If-Match" set to "{{alice.meta.version}}"
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.alice@example.com", "title": "Second"}
      """
    Then the response is a SCIM Error with status 412
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/title" is "First"

  @protocol @rfc7644-3.14 @rfc7644-3.12 @capability-etag @capability-patch @should
  Scenario: PATCH with a stale If-Match answers 412 and changes nothing
    RFC 7644 §3.14: If-Match on PATCH makes the operation succeed only if the ETag is current; otherwise 412 Precondition Failed (RFC 7644 §3.12 Table 8).
    Given a user "alice" exists
    When the client sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.alice@example.com", "title": "First"}
      """
    Then the response status is 200
    When the client sends PATCH "/Users/{{alice.id}}" with header "If-Match" set to "{{alice.meta.version}}"
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "title", "value": "Second"}]}
      """
    Then the response is a SCIM Error with status 412
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/title" is "First"

  @protocol @rfc7644-3.14 @rfc7644-3.12 @capability-etag @should
  Scenario: DELETE with a stale If-Match answers 412 and keeps the resource
    RFC 7644 §3.12 Table 8: 412 Precondition Failed applies to DELETE when the resource has changed since the version the client holds.
    Given a user "alice" exists
    When the client sends PUT "/Users/{{alice.id}}" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.alice@example.com", "title": "First"}
      """
    Then the response status is 200
    When the client sends DELETE "/Users/{{alice.id}}" with header "If-Match" set to "{{alice.meta.version}}"
    Then the response is a SCIM Error with status 412
    When the client sends GET "/Users/{{alice.id}}"
    Then the response status is 200

  @protocol @rfc7644-3.14 @capability-etag @should
  Scenario: PUT with the current If-Match succeeds
    RFC 7644 §3.14: an If-Match that holds the latest version lets the PUT proceed, answering 200 with a new version.
    Given a user "alice" exists
    When the client sends GET "/Users/{{alice.id}}"
    Then the response is saved as "current"
    When the client sends PUT "/Users/{{alice.id}}" with header "If-Match" set to "{{current.meta.version}}"
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.alice@example.com", "title": "Matched"}
      """
    Then the response status is 200
    And the value at "/title" is "Matched"
    And the value at "/meta/version" is not "{{current.meta.version}}"

  @protocol @rfc7644-3.14 @capability-etag @capability-patch @should
  Scenario: PATCH with the current If-Match succeeds
    RFC 7644 §3.14: an If-Match that holds the latest version lets the PATCH proceed.
    Given a user "alice" exists
    When the client sends GET "/Users/{{alice.id}}"
    Then the response is saved as "current"
    When the client sends PATCH "/Users/{{alice.id}}" with header "If-Match" set to "{{current.meta.version}}"
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "title", "value": "Matched"}]}
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/title" is "Matched"
