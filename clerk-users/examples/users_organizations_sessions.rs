//! The eleven operations of the workflow block this project was specified from ("Manage
//! users, organizations, and sessions in Clerk"): list, get, create, update and delete a
//! user; list, get and create an organization (and add a member); list, get and revoke a
//! session. Three clients, one configuration, one connection pool.
//!
//! ```sh
//! CLERK_SECRET_KEY=sk_test_... cargo run -p clerk-users --example users_organizations_sessions
//! # against a local mock instead of Clerk (CI runs it against Prism serving Clerk's OpenAPI):
//! CLERK_SECRET_KEY=sk_test_mock CLERK_API_URL=http://127.0.0.1:4010 \
//!     cargo run -p clerk-users --example users_organizations_sessions
//! ```

use clerk_organizations::models::{CreateOrganizationMembershipRequest, CreateOrganizationRequest};
use clerk_sessions::models::SessionStatus;
use clerk_users::models::{CreateUserRequest, UpdateUserRequest};
use clerk_users::{Error, SharedConfig};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let secret = std::env::var("CLERK_SECRET_KEY").unwrap_or_default();
    let mut shared = SharedConfig::builder().secret_key(secret);
    if let Ok(url) = std::env::var("CLERK_API_URL") {
        shared = shared.base_url(url);
    }
    let shared = shared.build()?;
    let users = clerk_users::Client::from_config(&shared)?;
    let organizations = clerk_organizations::Client::from_config(&shared)?;
    let sessions = clerk_sessions::Client::from_config(&shared)?;

    // Users: create, read, change, list, and at the end delete.
    let ada = users
        .create_user(
            CreateUserRequest::new()
                .email_address(["ada@example.com"])
                .first_name("Ada")
                .skip_password_requirement(true),
        )
        .await?;
    println!("created user {}", ada.id);
    let ada = users.get_user(&ada.id).await?;
    let ada = users
        .update_user(&ada.id, UpdateUserRequest::new().last_name("Lovelace"))
        .await?;
    println!("updated user {} ({:?})", ada.id, ada.last_name);
    let listed = users
        .get_user_list()
        .email_address(["ada@example.com"])
        .await?;
    println!("{} user(s) with that address", listed.len());

    // Organizations: create one with Ada as its admin, read it back, add a member, list.
    let society = organizations
        .create_organization(
            CreateOrganizationRequest::new("Difference Engine Society").created_by(&ada.id),
        )
        .await?;
    println!("created organization {}", society.id);
    let society = organizations
        .get_organization(&society.id)
        .include_members_count(true)
        .await?;
    let membership = organizations
        .create_organization_membership(
            &society.id,
            CreateOrganizationMembershipRequest::new("user_2x5Ta1bBabbage", "org:member"),
        )
        .await?;
    println!("added member {} as {:?}", membership.id, membership.role);
    let page = organizations
        .list_organizations()
        .query("Difference")
        .await?;
    println!("{:?} organization(s) match", page.total_count);

    // Sessions: Ada's active sessions; read the first and sign it out.
    let active = sessions
        .get_session_list()
        .user_id(&ada.id)
        .status(SessionStatus::Active)
        .await?;
    println!("{} active session(s)", active.len());
    let mut operations = 10;
    match active.first() {
        Some(first) => {
            let session = sessions.get_session(&first.id).await?;
            let revoked = sessions.revoke_session(&session.id).await?;
            println!("revoked session {} ({:?})", revoked.id, revoked.status);
            operations += 2;
        }
        None => println!("no active session to sign out"),
    }

    let deleted = users.delete_user(&ada.id).await?;
    println!("deleted user {:?}: {}", deleted.id, deleted.deleted);
    // The seed's eleven plus adding a member; fewer when there was no session to revoke.
    println!("operations run: {operations} of 12");
    Ok(())
}
