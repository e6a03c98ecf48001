package io.keyport.desktop;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javax.imageio.ImageIO;

/** Writes a JavaFX image (a snapshot, a screen capture) as a PNG, for the docs' pictures. */
public final class Pngs {
  private Pngs() {}

  public static void write(Image image, Path file) throws IOException {
    PixelReader pixels = image.getPixelReader();
    BufferedImage out =
        new BufferedImage(
            (int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < out.getHeight(); y++) {
      for (int x = 0; x < out.getWidth(); x++) {
        out.setRGB(x, y, pixels.getArgb(x, y));
      }
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    ImageIO.write(out, "png", file.toFile());
  }
}
