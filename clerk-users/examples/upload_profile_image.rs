//! Upload a profile image as multipart/form-data.
//!
//! ```sh
//! CLERK_SECRET_KEY=sk_test_... cargo run -p clerk-users --example upload_profile_image -- user_123 avatar.png
//! ```

use clerk_users::models::SetUserProfileImageRequest;
use clerk_users::{Client, FilePart};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let user_id = args.next().unwrap_or_else(|| "user_123".to_owned());
    let path = args.next();
    // Without a file argument, a 1x1 transparent PNG.
    let bytes = match &path {
        Some(path) => std::fs::read(path)?,
        None => TINY_PNG.to_vec(),
    };
    let name = path.as_deref().unwrap_or("pixel.png").to_owned();

    let clerk = Client::from_env()?;
    let image = FilePart::new(bytes, name).mime("image/png");
    let user = clerk
        .set_user_profile_image(&user_id, SetUserProfileImageRequest::new(image))
        .await?;
    println!(
        "{} now has image {}",
        user.id,
        user.image_url.unwrap_or_default()
    );
    Ok(())
}

const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];
