//! Writes the sample images of ký số (`samples/anh/`): a blue handwritten-like signature and
//! a red round seal, PNGs with transparent backgrounds and their physical size (300 dpi), so
//! that `samples/cong-van-ky-so.json` shows both. Deterministic: the same files every run.
//!
//! cargo run --example gen-anh

use std::path::Path;

const DPI: f64 = 300.0;

fn px(mm: f64) -> u32 {
    (mm / 25.4 * DPI).round() as u32
}

/// An RGBA canvas.
struct Canvas {
    w: u32,
    h: u32,
    data: Vec<u8>,
}

impl Canvas {
    fn new(w: u32, h: u32) -> Canvas {
        Canvas { w, h, data: vec![0; (w * h * 4) as usize] }
    }

    /// A round dot of radius `r` (pixels) at (x, y), colour `c`.
    fn dot(&mut self, x: f64, y: f64, r: f64, c: [u8; 3]) {
        let (x0, x1) = ((x - r).floor().max(0.0) as u32, ((x + r).ceil() as u32).min(self.w - 1));
        let (y0, y1) = ((y - r).floor().max(0.0) as u32, ((y + r).ceil() as u32).min(self.h - 1));
        for j in y0..=y1 {
            for i in x0..=x1 {
                let d = ((i as f64 - x).powi(2) + (j as f64 - y).powi(2)).sqrt();
                if d <= r {
                    let k = ((j * self.w + i) * 4) as usize;
                    self.data[k..k + 3].copy_from_slice(&c);
                    self.data[k + 3] = 255;
                }
            }
        }
    }

    fn save(&self, path: &Path) {
        let file = std::fs::File::create(path).expect("create the PNG");
        let mut enc = png::Encoder::new(std::io::BufWriter::new(file), self.w, self.h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let ppm = (DPI / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions { xppu: ppm, yppu: ppm, unit: png::Unit::Meter }));
        enc.write_header().and_then(|mut w| w.write_image_data(&self.data)).expect("write the PNG");
    }
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/anh");
    std::fs::create_dir_all(&dir).expect("samples/anh");

    // The signature: 40 × 16 mm, a blue stroke of loops and a flourish.
    let mut sig = Canvas::new(px(40.0), px(16.0));
    let (w, h) = (sig.w as f64, sig.h as f64);
    let blue = [20, 50, 170];
    for k in 0..4000 {
        let t = k as f64 / 4000.0;
        let x = 0.06 * w + 0.80 * w * t;
        let y = 0.5 * h + 0.28 * h * (t * 6.0 * std::f64::consts::TAU).sin() * (1.0 - 0.5 * t) - 0.12 * h * (t * 2.0 * std::f64::consts::PI).sin();
        sig.dot(x, y, 3.2, blue);
    }
    for k in 0..1500 {
        let t = k as f64 / 1500.0;
        sig.dot(0.15 * w + 0.8 * w * t, 0.80 * h - 0.10 * h * (t * std::f64::consts::PI).sin(), 2.6, blue);
    }
    sig.save(&dir.join("chu-ky.png"));

    // The seal: 36 mm across, red rings and a star in the middle.
    let d = px(36.0);
    let mut seal = Canvas::new(d, d);
    let (c, r) = (d as f64 / 2.0, d as f64 / 2.0 - 6.0);
    let red = [210, 20, 30];
    for k in 0..6000 {
        let a = k as f64 / 6000.0 * std::f64::consts::TAU;
        seal.dot(c + r * a.cos(), c + r * a.sin(), 5.0, red);
        seal.dot(c + 0.72 * r * a.cos(), c + 0.72 * r * a.sin(), 2.5, red);
    }
    // A five-pointed star, its outline drawn point to point.
    let star: Vec<(f64, f64)> = (0..10)
        .map(|i| {
            let a = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::PI / 5.0;
            let rr = if i % 2 == 0 { 0.4 * r } else { 0.16 * r };
            (c + rr * a.cos(), c + rr * a.sin())
        })
        .collect();
    for i in 0..10 {
        let ((x0, y0), (x1, y1)) = (star[i], star[(i + 1) % 10]);
        for k in 0..400 {
            let t = k as f64 / 400.0;
            seal.dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, 3.0, red);
        }
    }
    seal.save(&dir.join("dau.png"));
    println!("wrote {} and {}", dir.join("chu-ky.png").display(), dir.join("dau.png").display());
}
