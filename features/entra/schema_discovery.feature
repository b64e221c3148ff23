@entra
Feature: Entra discovers the target schema of gallery apps
  Gallery apps that use schema discovery, the SCIM Validator's "Discover schema" mode and the gallery
  validation template call GET /Schemas and offer the attributes found there in the mapping UI
  (docs/idp/entra.md §1.2). Characteristic values are expected in RFC camelCase; a missing Group schema
  fails every group test of the gallery template.

  @entra-default @should @documented
  Scenario: GET /Schemas lists the User, Group and EnterpriseUser schemas with camelCase characteristics
    Entra's schema discovery sends GET /Schemas and needs a ListResponse of Schema resources for User, Group and the enterprise extension, with characteristics such as "readWrite" (docs/idp/entra.md §1.2 [DOC S1, S8; REF S11]).
    When Entra sends GET "/Schemas"
    Then the response status is 200
    And the response is a valid ListResponse
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:core:2.0:User"}
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:core:2.0:Group"}
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:core:2.0:User", "attributes": [{"name": "userName", "mutability": "readWrite"}]}
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:core:2.0:Group", "attributes": [{"name": "members"}]}
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "attributes": [{"name": "manager", "type": "complex"}]}
